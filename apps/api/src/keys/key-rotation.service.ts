import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ServiceError } from '../common/service-error.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { signsAt, windowProblem } from './key-windows.js';
import { SigningKeyEntity } from './signing-key.entity.js';
import { newSigningKeyRow, SIGNING_KEY_LOCK_ID } from './signing-key.rows.js';
import { SigningKeyService } from './signing-key.service.js';
import { TrustBundleService } from './trust-bundle.service.js';

/** Longer than an instance takes to notice a rotation (it reloads keys every 5 s). */
const RETIREMENT_GRACE_MS = 60_000;

/**
 * Rotation: announce the next key with its window (published, not signing), then activate it
 * inside its window; the previous key retires and its window ends there. Each step is audited.
 */
@Injectable()
export class KeyRotationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly keys: SigningKeyService,
    private readonly bundles: TrustBundleService,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<SigningKeyEntity[]> {
    return this.dataSource.getRepository(SigningKeyEntity).find({ order: { notBefore: 'ASC' } });
  }

  async announce(actor: string, notBefore: Date, notAfter: Date): Promise<SigningKeyEntity> {
    const problem = windowProblem(notBefore, notAfter, new Date());
    if (problem !== undefined) throw new ServiceError('SIGNING_KEY_WINDOW_INVALID', problem);

    const saved = await this.locked(async (manager) => {
      const repository = manager.getRepository(SigningKeyEntity);
      const row = newSigningKeyRow(this.keys.keyEncryptionKey(), notBefore, notAfter);
      const key = await repository.save(repository.create({ ...row, state: 'announced' }));
      await this.audit.append(manager, {
        actor,
        action: 'signing_key.announced',
        subjectType: 'signing_key',
        subjectId: key.kid,
        details: { notBefore: key.notBefore.toISOString(), notAfter: key.notAfter.toISOString() },
      });
      return key;
    });
    await this.keys.reload();
    return saved;
  }

  async activate(actor: string, kid: string): Promise<SigningKeyEntity> {
    const now = new Date();
    const activated = await this.locked(async (manager) => {
      const repository = manager.getRepository(SigningKeyEntity);
      const key = await repository.findOneBy({ kid });
      if (key === null) throw new ServiceError('NOT_FOUND', `signing key ${kid} does not exist`);
      if (key.state !== 'announced') {
        throw new ServiceError(
          'INVALID_STATE_TRANSITION',
          `signing key ${kid} is ${key.state}; only an announced key can be activated`,
        );
      }
      if (!signsAt(key, now)) {
        throw new ServiceError(
          'SIGNING_KEY_OUTSIDE_WINDOW',
          `signing key ${kid} may sign only from ${key.notBefore.toISOString()} to ${key.notAfter.toISOString()}`,
        );
      }
      await this.checkPublished(manager, kid, now);

      const previous = await repository.findOneBy({ state: 'active' });
      if (previous !== null) await this.retire(manager, actor, previous, now);

      key.state = 'active';
      key.activatedAt = now;
      const saved = await repository.save(key);
      await this.audit.append(manager, {
        actor,
        action: 'signing_key.activated',
        subjectType: 'signing_key',
        subjectId: kid,
        details: { previous: previous?.kid ?? null },
      });
      return saved;
    });
    await this.keys.reload();
    return activated;
  }

  /**
   * Once sites take keys from trust bundles, a key the latest bundle does not let sign now
   * would have every token it signs refused: publish a bundle listing it first.
   */
  private async checkPublished(manager: EntityManager, kid: string, now: Date): Promise<void> {
    const listed = await this.bundles.listedWindow(manager, kid);
    if (listed === undefined) return;
    const window = listed.window;
    if (window === undefined || !signsAt(window, now)) {
      throw new ServiceError(
        'SIGNING_KEY_NOT_IN_TRUST_BUNDLE',
        window === undefined
          ? `trust bundle ${listed.version} does not list signing key ${kid}; upload a bundle that lists it, then activate`
          : `trust bundle ${listed.version} lets signing key ${kid} sign only from ${window.notBefore.toISOString()} to ${window.notAfter.toISOString()}`,
      );
    }
  }

  /**
   * The retired key's window ends shortly after now (other instances may sign with it until
   * their next reload), so the next bundle lists when it really stopped.
   */
  private async retire(
    manager: EntityManager,
    actor: string,
    key: SigningKeyEntity,
    now: Date,
  ): Promise<void> {
    key.state = 'retired';
    key.retiredAt = now;
    const end = Math.ceil(now.getTime() / 1000) * 1000 + RETIREMENT_GRACE_MS;
    if (key.notAfter.getTime() > end) key.notAfter = new Date(end);
    await manager.getRepository(SigningKeyEntity).save(key);
    await this.audit.append(manager, {
      actor,
      action: 'signing_key.retired',
      subjectType: 'signing_key',
      subjectId: key.kid,
      details: {
        notAfter: key.notAfter.toISOString(),
        tokensExpireBy: new Date(
          key.notAfter.getTime() + this.config.tokenLifetimeSeconds * 1000,
        ).toISOString(),
      },
    });
  }

  private locked<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEY_LOCK_ID]);
      return work(manager);
    });
  }
}
