import { createPrivateKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { JWK } from 'jose';
import { AuditService } from '../audit/audit.service.js';
import { ServiceError } from '../common/service-error.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { loadOrCreateKeyFile } from './key-encryption.js';
import { inCirculation, signsAt } from './key-windows.js';
import { SigningKeyEntity } from './signing-key.entity.js';
import { decryptKey, newSigningKeyRow, SIGNING_KEY_LOCK_ID } from './signing-key.rows.js';

export interface ActiveSigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
}

interface LoadedActiveKey extends ActiveSigningKey {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** How often each instance re-reads the keys, so a rotation made on another reaches it. */
const RELOAD_INTERVAL_MS = 5_000;
const MS_PER_DAY = 86_400_000;

/**
 * Holds the token-signing keys: the first is made at first start, all are stored encrypted,
 * the active one is decrypted in memory. Every instance reloads them every few seconds.
 */
@Injectable()
export class SigningKeyService implements OnModuleInit, OnModuleDestroy {
  private kek: Buffer | undefined;
  private active: LoadedActiveKey | undefined;
  private keys: SigningKeyEntity[] = [];
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.kek = this.config.keyEncryptionKey ?? (await loadOrCreateKeyFile(this.config.dataDir));
    await this.ensureActiveKey(this.kek);
    await this.reload();
    this.timer = setInterval(() => void this.reload().catch(() => undefined), RELOAD_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  keyEncryptionKey(): Buffer {
    if (this.kek === undefined) throw new Error('signing keys not loaded');
    return this.kek;
  }

  /** The key to sign with now; refused when the active key's window does not cover now. */
  activeKey(now: Date = new Date()): ActiveSigningKey {
    const active = this.active;
    if (active === undefined || !signsAt(active, now)) {
      throw new ServiceError(
        'SIGNING_KEY_UNAVAILABLE',
        'no signing key may sign now: activate the next announced key',
      );
    }
    return { kid: active.kid, privateKey: active.privateKey };
  }

  /** Public keys of every key announced, active, or with tokens still in circulation. */
  jwks(now: Date = new Date()): { keys: JWK[] } {
    const lifetime = this.config.tokenLifetimeSeconds;
    return {
      keys: this.keys
        .filter((key) => inCirculation(key, now, lifetime))
        .map((key) => ({ ...key.publicJwk, kid: key.kid })),
    };
  }

  /** Re-reads every key; reloads run one after another, so an older read never wins. */
  reload(): Promise<void> {
    const next = this.reloading.catch(() => undefined).then(() => this.readKeys());
    this.reloading = next;
    return next;
  }

  /** The active key is decrypted only when it changed. */
  private async readKeys(): Promise<void> {
    const keys = await this.dataSource
      .getRepository(SigningKeyEntity)
      .find({ order: { createdAt: 'DESC' } });
    const active = keys.find((key) => key.state === 'active');
    if (active === undefined) throw new Error('no active signing key');
    if (this.active?.kid !== active.kid) {
      this.active = {
        kid: active.kid,
        privateKey: createPrivateKey({
          key: decryptKey(this.keyEncryptionKey(), active),
          format: 'der',
          type: 'pkcs8',
        }),
        notBefore: active.notBefore,
        notAfter: active.notAfter,
      };
    } else {
      this.active = { ...this.active, notBefore: active.notBefore, notAfter: active.notAfter };
    }
    this.keys = keys;
  }

  private async ensureActiveKey(kek: Buffer): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEY_LOCK_ID]);
      const repository = manager.getRepository(SigningKeyEntity);
      if ((await repository.countBy({ state: 'active' })) > 0) return;

      const now = new Date();
      const notAfter = new Date(now.getTime() + this.config.signingKeyValidityDays * MS_PER_DAY);
      const row = newSigningKeyRow(kek, now, notAfter);
      await repository.save(repository.create({ ...row, state: 'active', activatedAt: now }));
      await this.audit.append(manager, {
        actor: 'system',
        action: 'signing_key.created',
        subjectType: 'signing_key',
        subjectId: row.kid,
        details: { state: 'active', notBefore: row.notBefore, notAfter: row.notAfter },
      });
    });
  }
}
