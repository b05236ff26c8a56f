import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { errors as joseErrors, importJWK, jwtVerify, type JWK } from 'jose';
import { verifyAppAttestAssertion } from '../../../../libs/attestation/src/apple/index.js';
import { AttestationError } from '../../../../libs/attestation/src/errors.js';
import { REFRESH_PROOF_TYPE } from '../../../../libs/tokens/src/index.js';
import { decodeBase64Field } from '../common/base64.js';
import { ServiceError } from '../common/service-error.js';
import { AppEntity } from '../registry/app.entity.js';
import { RevocationService } from '../review/revocation.service.js';
import { ChallengeService, type ConsumedChallenge } from './challenge.service.js';
import type { RefreshDto, TokenView } from './dto/runtime.dto.js';
import { InstallationEntity } from './installation.entity.js';
import { refreshClientDataHash } from './protocol.js';
import { requireApproved, TokenIssuerService } from './token-issuer.service.js';

/** How far an Android refresh proof's `iat` may stray from the service clock. */
const REFRESH_PROOF_SKEW_SECONDS = 120;

/** A new token for an enrolled installation, proven by its key: no new attestation. */
@Injectable()
export class RefreshService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly challenges: ChallengeService,
    private readonly tokens: TokenIssuerService,
    private readonly revocations: RevocationService,
  ) {}

  async refresh(dto: RefreshDto): Promise<TokenView> {
    if ((dto.assertion === undefined) === (dto.proof === undefined)) {
      throw new ServiceError(
        'INVALID_REQUEST',
        'send exactly one of assertion (iOS) and proof (Android)',
      );
    }
    const challenge = await this.challenges.consume(decodeBase64Field('challenge', dto.challenge));
    const installation = await this.dataSource
      .getRepository(InstallationEntity)
      .findOneBy({ id: dto.installationId });
    if (installation === null)
      throw new ServiceError('INSTALLATION_UNKNOWN', 'installation not found');
    if (installation.state !== 'active') {
      throw new ServiceError('INSTALLATION_REVOKED', 'this installation has been revoked');
    }
    const app = await this.dataSource
      .getRepository(AppEntity)
      .findOneByOrFail({ id: installation.appId });
    requireApproved(app);
    await this.revocations.requireNotRevoked({
      appId: app.id,
      version: installation.appVersion,
      signingDigests: installation.platform === 'android' ? attestedDigests(installation) : null,
    });

    if (installation.platform === 'ios') {
      await this.checkAssertion(installation, app, dto, challenge);
    } else {
      await this.checkAndroidProof(installation, dto);
    }
    await this.dataSource
      .getRepository(InstallationEntity)
      .update({ id: installation.id }, { lastTokenAt: new Date() });
    return this.tokens.issue(
      app,
      installation.id,
      installation.popJwk,
      installation.appVersion ?? undefined,
    );
  }

  private async checkAssertion(
    installation: InstallationEntity,
    app: AppEntity,
    dto: RefreshDto,
    challenge: ConsumedChallenge,
  ): Promise<void> {
    if (dto.assertion === undefined || installation.appAttestPublicJwk === null) {
      throw new ServiceError(
        'REFRESH_PROOF_INVALID',
        'an iOS installation refreshes with an assertion',
      );
    }
    const previousCounter = Number(installation.signCount);
    const assertion = verifyAppAttestAssertion({
      assertion: decodeBase64Field('assertion', dto.assertion),
      publicKey: installation.appAttestPublicJwk,
      clientDataHash:
        challenge.seededClientDataHash ?? refreshClientDataHash(dto.challenge, installation.id),
      appId: `${app.iosTeamId}.${app.iosBundleId}`,
      previousCounter,
    });

    // The counter only rises: of two requests racing with assertions, the lower one loses.
    const result = await this.dataSource
      .createQueryBuilder()
      .update(InstallationEntity)
      .set({ signCount: String(assertion.signCount) })
      .where('id = :id AND sign_count < :count', {
        id: installation.id,
        count: assertion.signCount,
      })
      .execute();
    if (result.affected !== 1) {
      throw new AttestationError(
        'COUNTER_NOT_INCREASING',
        'assertion counter did not rise above the stored one',
      );
    }
  }

  private async checkAndroidProof(
    installation: InstallationEntity,
    dto: RefreshDto,
  ): Promise<void> {
    if (dto.proof === undefined) {
      throw new ServiceError(
        'REFRESH_PROOF_INVALID',
        'an Android installation refreshes with a signed proof',
      );
    }
    try {
      const key = await importJWK(installation.popJwk as JWK, 'ES256');
      const { payload } = await jwtVerify(dto.proof, key, {
        algorithms: ['ES256'],
        typ: REFRESH_PROOF_TYPE,
        subject: installation.id,
        clockTolerance: REFRESH_PROOF_SKEW_SECONDS,
        maxTokenAge: REFRESH_PROOF_SKEW_SECONDS,
        requiredClaims: ['iat', 'chl', 'sub'],
      });
      if (payload.chl !== dto.challenge) {
        throw new ServiceError('REFRESH_PROOF_INVALID', 'refresh proof is for another challenge');
      }
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      if (error instanceof joseErrors.JOSEError) {
        throw new ServiceError('REFRESH_PROOF_INVALID', `refresh proof refused: ${error.code}`);
      }
      throw error;
    }
  }
}

/** The signing certificates the Android evidence named at enrolment; null when not recorded. */
function attestedDigests(installation: InstallationEntity): string[] | null {
  const digests = installation.evidence.signingCertificateDigests;
  if (!Array.isArray(digests) || !digests.every((d) => typeof d === 'string')) return null;
  return digests;
}
