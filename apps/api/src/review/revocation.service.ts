import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ServiceError } from '../common/service-error.js';
import { AppEntity } from '../registry/app.entity.js';
import { RegistryService } from '../registry/registry.service.js';
import { RevocationEntity, type RevocationKind } from './revocation.entity.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const VERSION = /^[0-9A-Za-z._-]{1,64}$/;

/** What the installation proved about itself, checked against the app's revocations. */
export interface InstallationFacts {
  readonly appId: string;
  /** Android versionCode or iOS bundle version, when the evidence carried one. */
  readonly version: string | null;
  /** Android: the signing certificate digests the platform attested; null when unknown. */
  readonly signingDigests: readonly string[] | null;
}

/** Revoked versions and signing certificates: no new token for an installation that has one. */
@Injectable()
export class RevocationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: RegistryService,
    private readonly audit: AuditService,
  ) {}

  async revoke(
    actor: string,
    appId: string,
    kind: RevocationKind,
    value: string,
    note: string,
  ): Promise<RevocationEntity> {
    return this.registry.write(async (manager) => {
      const app = await manager.findOneBy(AppEntity, { id: appId });
      if (app === null) throw new ServiceError('NOT_FOUND', 'app not found');
      if (kind === 'certificate' && (app.platform !== 'android' || !SHA256_HEX.test(value))) {
        throw new ServiceError(
          'INVALID_REQUEST',
          'value: a certificate revocation names an Android signing certificate, lowercase hex SHA-256',
        );
      }
      if (kind === 'version' && !VERSION.test(value)) {
        throw new ServiceError('INVALID_REQUEST', 'value: expected a version (versionCode)');
      }
      const revocation = await manager.save(
        manager.create(RevocationEntity, { appId, kind, value, note, revokedBy: actor }),
      );
      await this.audit.append(manager, {
        actor,
        action: `app.${kind}_revoked`,
        subjectType: 'app',
        subjectId: appId,
        details: { revocationId: revocation.id, kind, value, note },
      });
      return revocation;
    });
  }

  list(appId: string): Promise<RevocationEntity[]> {
    return this.dataSource
      .getRepository(RevocationEntity)
      .find({ where: { appId }, order: { createdAt: 'ASC' } });
  }

  /**
   * Refuses an installation whose version or signing certificate is revoked. Fails closed: when
   * the app has revocations of a kind and the installation's evidence did not say which it has,
   * it is refused too.
   */
  async requireNotRevoked(facts: InstallationFacts): Promise<void> {
    const revocations = await this.list(facts.appId);

    for (const revocation of revocations.filter((r) => r.kind === 'version')) {
      if (facts.version === null || facts.version === revocation.value) {
        throw new ServiceError(
          'APP_VERSION_REVOKED',
          `app version ${facts.version ?? '(unknown)'} may no longer obtain tokens`,
        );
      }
    }

    for (const revocation of revocations.filter((r) => r.kind === 'certificate')) {
      if (facts.signingDigests === null || facts.signingDigests.includes(revocation.value)) {
        throw new ServiceError(
          'SIGNING_CERTIFICATE_REVOKED',
          `signing certificate ${revocation.value} may no longer obtain tokens`,
        );
      }
    }
  }
}
