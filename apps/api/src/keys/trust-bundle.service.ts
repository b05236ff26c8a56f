import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  acceptTrustBundle,
  isTrustBundleError,
  type AcceptedTrustBundle,
} from '../../../../libs/verifier/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { ServiceError } from '../common/service-error.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { SigningKeyEntity } from './signing-key.entity.js';
import { SIGNING_KEY_LOCK_ID } from './signing-key.rows.js';
import { TrustBundleEntity } from './trust-bundle.entity.js';

const TRUST_BUNDLE_LOCK_ID = 7_411_005;

/** Sites must get a bundle they can use for a while: one about to expire is refused. */
const MIN_BUNDLE_REMAINING_MS = 24 * 3_600_000;

/**
 * Keeps the trust bundles signed offline with the root key. An upload is checked exactly as a
 * customer's verifier would check it (the same code), against the configured root and the
 * service's own record of versions and root rotations, and must list the active key.
 */
@Injectable()
export class TrustBundleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly audit: AuditService,
  ) {}

  current(): Promise<TrustBundleEntity | null> {
    return this.dataSource
      .getRepository(TrustBundleEntity)
      .findOne({ where: {}, order: { version: 'DESC' } });
  }

  /**
   * Where the latest uploaded bundle lets `kid` sign: its version and the key's window, or no
   * window when it does not list the key. Undefined when no bundle was ever uploaded (sites
   * then take keys from the JWKS). The stored bundle is read with the verifier's own code, at
   * the time it was issued, since it was fully checked on upload.
   */
  async listedWindow(
    manager: EntityManager,
    kid: string,
  ): Promise<{ version: number; window?: { notBefore: Date; notAfter: Date } } | undefined> {
    const latest = await manager
      .getRepository(TrustBundleEntity)
      .findOne({ where: {}, order: { version: 'DESC' } });
    if (latest === null) return undefined;
    const root = this.requireRoot();
    let bundle: AcceptedTrustBundle['bundle'];
    try {
      ({ bundle } = acceptTrustBundle(latest.document, {
        rootPublicKey: root,
        now: latest.issuedAt,
        state: latest.trustState,
      }));
    } catch (error) {
      if (isTrustBundleError(error)) throw new ServiceError(error.code, error.message);
      throw error;
    }
    const listed = bundle.keys.find((key) => key.kid === kid);
    return {
      version: latest.version,
      ...(listed !== undefined && {
        window: { notBefore: listed.notBefore, notAfter: listed.notAfter },
      }),
    };
  }

  async upload(actor: string, text: string): Promise<TrustBundleEntity> {
    const root = this.requireRoot();
    return this.dataSource.transaction(async (manager) => {
      // The signing key lock first, as activation takes it: no key can be activated on another
      // instance between reading the active key here and saving a bundle that omits it.
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEY_LOCK_ID]);
      await manager.query('SELECT pg_advisory_xact_lock($1)', [TRUST_BUNDLE_LOCK_ID]);
      const repository = manager.getRepository(TrustBundleEntity);
      const latest = await repository.findOne({ where: {}, order: { version: 'DESC' } });
      const activeKid = await this.activeKid(manager);
      const accepted = this.check(text, root, latest?.trustState, activeKid);
      await this.checkAgainstOwnKeys(manager, accepted, activeKid, new Date());
      if (latest !== null && latest.version === accepted.bundle.version) return latest;

      const saved = await repository.save(
        repository.create({
          version: accepted.bundle.version,
          document: text,
          issuedAt: accepted.bundle.issuedAt,
          expiresAt: accepted.bundle.expiresAt,
          trustState: accepted.state,
          uploadedBy: actor,
        }),
      );
      await this.audit.append(manager, {
        actor,
        action: 'trust_bundle.uploaded',
        subjectType: 'trust_bundle',
        subjectId: String(saved.version),
        details: {
          expiresAt: accepted.bundle.expiresAt.toISOString(),
          kids: accepted.bundle.keys.map((key) => key.kid),
          rootKid: accepted.bundle.rootKid,
        },
      });
      return saved;
    });
  }

  /**
   * A bundle that verifies can still break every site: a listed key whose material differs
   * from the key the service holds, an active key outside its listed window, or a bundle about
   * to expire. Each is refused before it can be served.
   */
  private async checkAgainstOwnKeys(
    manager: EntityManager,
    accepted: AcceptedTrustBundle,
    activeKid: string,
    now: Date,
  ): Promise<void> {
    const bundle = accepted.bundle;
    if (bundle.expiresAt.getTime() - now.getTime() < MIN_BUNDLE_REMAINING_MS) {
      throw new ServiceError(
        'TRUST_BUNDLE_EXPIRES_TOO_SOON',
        `trust bundle must stay valid for at least ${MIN_BUNDLE_REMAINING_MS / 3_600_000} hours`,
      );
    }
    const own = await manager.getRepository(SigningKeyEntity).find();
    for (const listed of bundle.keys) {
      const held = own.find((key) => key.kid === listed.kid);
      if (held === undefined || held.publicJwk.x !== listed.jwk.x) {
        throw new ServiceError(
          'TRUST_BUNDLE_KEY_MISMATCH',
          `trust bundle key ${listed.kid} is not a signing key this service holds`,
        );
      }
    }
    const active = bundle.keys.find((key) => key.kid === activeKid);
    if (active !== undefined && (active.notBefore > now || active.notAfter <= now)) {
      throw new ServiceError(
        'TRUST_BUNDLE_WINDOW_MISMATCH',
        `trust bundle window of the active key ${activeKid} does not include the present`,
      );
    }
  }

  private check(
    text: string,
    root: string,
    state: string | undefined,
    activeKid: string,
  ): AcceptedTrustBundle {
    let accepted: AcceptedTrustBundle;
    try {
      accepted = acceptTrustBundle(text, { rootPublicKey: root, now: new Date(), state });
    } catch (error) {
      if (isTrustBundleError(error)) throw new ServiceError(error.code, error.message);
      throw error;
    }

    if (accepted.bundle.issuer !== this.config.issuer) {
      throw new ServiceError(
        'TRUST_BUNDLE_ISSUER_MISMATCH',
        `trust bundle issuer must be ${this.config.issuer}`,
      );
    }

    // A bundle without the key now signing would make every site refuse new tokens.
    if (!accepted.bundle.keys.some((key) => key.kid === activeKid)) {
      throw new ServiceError(
        'TRUST_BUNDLE_MISSING_ACTIVE_KEY',
        `trust bundle must list the active signing key ${activeKid}`,
      );
    }
    return accepted;
  }

  private requireRoot(): string {
    const root = this.config.trustRootPublicKey;
    if (root === undefined) {
      throw new ServiceError(
        'TRUST_ROOT_NOT_CONFIGURED',
        'TESSERA_ROOT_PUBLIC_KEY is not configured; bundles cannot be checked',
      );
    }
    return root;
  }

  /** The key signing now, as the database says: another instance may have just switched. */
  private async activeKid(manager: EntityManager): Promise<string> {
    const active = await manager.getRepository(SigningKeyEntity).findOneBy({ state: 'active' });
    if (active === null) {
      throw new ServiceError('SIGNING_KEY_UNAVAILABLE', 'no signing key is active');
    }
    return active.kid;
  }
}
