import { createPublicKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { JWK } from 'jose';
import {
  matchAndroidApp,
  verifyAndroidKeyAttestation,
} from '../../../../libs/attestation/src/android/index.js';
import { verifyAppAttestAttestation } from '../../../../libs/attestation/src/apple/index.js';
import { jwkThumbprint } from '../../../../libs/tokens/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { decodeBase64Field } from '../common/base64.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { ServiceError } from '../common/service-error.js';
import { AppEntity } from '../registry/app.entity.js';
import { RevocationService } from '../review/revocation.service.js';
import { AndroidTrustService } from './android-trust.service.js';
import { ChallengeService } from './challenge.service.js';
import { checkAndroidDevicePolicy } from './device-policy.js';
import type { EnrolAndroidDto, EnrolIosDto, TokenView } from './dto/runtime.dto.js';
import { InstallationEntity } from './installation.entity.js';
import { enrolmentClientDataHash } from './protocol.js';
import { requireApproved, TokenIssuerService } from './token-issuer.service.js';

const ANDROID_PACKAGE_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;

/** A proof key whose coordinates are not a point on P-256 would make every token useless. */
function requireCurvePoint(jwk: JWK): void {
  try {
    createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    throw new ServiceError('PROOF_KEY_UNSUPPORTED', 'proofKey is not a valid P-256 public key');
  }
}

/** Turns platform evidence into an installation of an approved app, and its first token. */
@Injectable()
export class EnrolmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly challenges: ChallengeService,
    private readonly androidTrust: AndroidTrustService,
    private readonly tokens: TokenIssuerService,
    private readonly audit: AuditService,
    private readonly revocations: RevocationService,
  ) {}

  async enrolAndroid(dto: EnrolAndroidDto): Promise<TokenView> {
    const chain = dto.certificateChain.map((cert, i) =>
      decodeBase64Field(`certificateChain[${i}]`, cert),
    );
    const challenge = await this.challenges.consume(decodeBase64Field('challenge', dto.challenge));

    const evidence = {
      chain,
      challenge: challenge.bytes,
      now: challenge.seededEvidenceTime ?? new Date(),
      trustedRootKeys: this.androidTrust.rootKeys,
    };
    const attestation = verifyAndroidKeyAttestation({
      ...evidence,
      revocationList: this.androidTrust.revocationList,
    });

    // Only names that can be registered are looked up; anything else matches no app.
    const packages = attestation.application.packages
      .map((p) => p.name)
      .filter((name) => ANDROID_PACKAGE_NAME.test(name));
    const candidates = await this.dataSource
      .getRepository(AppEntity)
      .findBy({ platform: 'android', androidPackage: In(packages) });
    const app = candidates[0];
    if (app === undefined) {
      throw new ServiceError(
        'APP_NOT_APPROVED',
        `no registered app has package ${packages.join(', ')}`,
      );
    }
    requireApproved(app);
    matchAndroidApp(attestation, {
      packageName: app.androidPackage ?? '',
      signingCertificateDigests: app.androidSigningDigests,
      ...(app.androidMinVersionCode !== null && {
        minVersionCode: Number(app.androidMinVersionCode),
      }),
    });

    const version = attestation.application.packages.find(
      (p) => p.name === app.androidPackage,
    )?.version;
    const signingDigests = [...attestation.application.signatureDigests];
    await this.revocations.requireNotRevoked({
      appId: app.id,
      version: version === undefined ? null : String(version),
      signingDigests,
    });

    const policyViolation = checkAndroidDevicePolicy(app, evidence);

    const popJwk = attestation.publicKeyJwk as JWK | undefined;
    if (popJwk?.kty !== 'EC' || popJwk.crv !== 'P-256') {
      throw new ServiceError('PROOF_KEY_UNSUPPORTED', 'the attested key must be an EC P-256 key');
    }
    const installation = await this.record(app, {
      platform: 'android',
      popJwk,
      appVersion: version === undefined ? null : String(version),
      evidence: {
        attestationSecurityLevel: attestation.attestationSecurityLevel,
        keymintSecurityLevel: attestation.keymintSecurityLevel,
        attestationVersion: attestation.attestationVersion,
        deviceLocked: attestation.rootOfTrust.deviceLocked,
        verifiedBootState: attestation.rootOfTrust.verifiedBootState,
        osVersion: attestation.osVersion,
        osPatchLevel: attestation.osPatchLevel,
        provisioning: attestation.provisioning,
        signingCertificateDigests: signingDigests,
        ...(policyViolation !== undefined && {
          policyViolation,
          admittedBy: 'monitor-only policy',
        }),
      },
    });
    return this.tokens.issue(app, installation.id, popJwk, installation.appVersion ?? undefined);
  }

  async enrolIos(dto: EnrolIosDto): Promise<TokenView> {
    const keyId = decodeBase64Field('keyId', dto.keyId);
    const attestationObject = decodeBase64Field('attestationObject', dto.attestationObject);
    const popJwk: JWK = { kty: 'EC', crv: 'P-256', x: dto.proofKey.x, y: dto.proofKey.y };
    requireCurvePoint(popJwk);
    const challenge = await this.challenges.consume(decodeBase64Field('challenge', dto.challenge));

    const separator = dto.appId.indexOf('.');
    const teamId = dto.appId.slice(0, separator);
    const bundleId = dto.appId.slice(separator + 1);
    const app = await this.dataSource
      .getRepository(AppEntity)
      .findOneBy({ platform: 'ios', iosTeamId: teamId, iosBundleId: bundleId });
    if (separator <= 0 || app === null) {
      throw new ServiceError('APP_NOT_APPROVED', `no registered app has app id ${dto.appId}`);
    }
    requireApproved(app);

    const attestation = verifyAppAttestAttestation({
      attestationObject,
      keyId,
      clientDataHash:
        challenge.seededClientDataHash ?? enrolmentClientDataHash(dto.challenge, popJwk),
      appId: dto.appId,
      environment: app.iosEnvironment ?? 'production',
      now: challenge.seededEvidenceTime ?? new Date(),
    });

    await this.revocations.requireNotRevoked({
      appId: app.id,
      version: attestation.extensions?.bundleVersion ?? null,
      signingDigests: null,
    });

    const installation = await this.record(app, {
      platform: 'ios',
      popJwk,
      appAttestKeyId: Buffer.from(attestation.keyId).toString('base64'),
      appAttestPublicJwk: { ...attestation.publicKeyJwk },
      appVersion: attestation.extensions?.bundleVersion ?? null,
      evidence: {
        environment: attestation.environment,
        osVersion: attestation.osVersion,
        validationCategory: attestation.extensions?.validationCategory,
      },
    });
    return this.tokens.issue(app, installation.id, popJwk, installation.appVersion ?? undefined);
  }

  private async record(
    app: AppEntity,
    fields: Partial<InstallationEntity> & { popJwk: JWK },
  ): Promise<InstallationEntity> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const installation = await manager.save(
          manager.create(InstallationEntity, {
            ...fields,
            popJwk: { ...fields.popJwk },
            appId: app.id,
            popThumbprint: jwkThumbprint(fields.popJwk),
            state: 'active',
            lastTokenAt: new Date(),
          }),
        );
        await this.audit.append(manager, {
          actor: 'device',
          action: 'installation.enrolled',
          subjectType: 'installation',
          subjectId: installation.id,
          details: {
            appId: app.id,
            platform: installation.platform,
            evidence: installation.evidence,
          },
        });
        return installation;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ServiceError('CONFLICT', 'this App Attest key is already enrolled');
      }
      throw error;
    }
  }
}
