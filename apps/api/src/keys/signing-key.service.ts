import { createPrivateKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { JWK } from 'jose';
import { generateSigningKey } from '../../../../libs/tokens/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { decryptPrivateKey, encryptPrivateKey, loadOrCreateKeyFile } from './key-encryption.js';
import { SigningKeyEntity } from './signing-key.entity.js';

export interface ActiveSigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
}

const SIGNING_KEY_LOCK_ID = 7_411_004;

/** Holds the token-signing key: created at first start, stored encrypted, decrypted in memory. */
@Injectable()
export class SigningKeyService implements OnModuleInit {
  private active: ActiveSigningKey | undefined;
  private publicKeys: JWK[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    const kek = this.config.keyEncryptionKey ?? (await loadOrCreateKeyFile(this.config.dataDir));
    await this.ensureActiveKey(kek);
    await this.load(kek);
  }

  activeKey(): ActiveSigningKey {
    if (this.active === undefined) throw new Error('signing key not loaded');
    return this.active;
  }

  /** Public keys of every key that may still have tokens in circulation. */
  jwks(): { keys: JWK[] } {
    return { keys: this.publicKeys };
  }

  private async ensureActiveKey(kek: Buffer): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEY_LOCK_ID]);
      const repository = manager.getRepository(SigningKeyEntity);
      if ((await repository.countBy({ state: 'active' })) > 0) return;

      const key = generateSigningKey();
      const pkcs8 = key.privateKey.export({ format: 'der', type: 'pkcs8' });
      await repository.save(
        repository.create({
          kid: key.kid,
          publicJwk: { ...key.publicJwk },
          privateKeyCiphertext: encryptPrivateKey(kek, key.kid, pkcs8),
          state: 'active',
        }),
      );
      await this.audit.append(manager, {
        actor: 'system',
        action: 'signing_key.created',
        subjectType: 'signing_key',
        subjectId: key.kid,
      });
    });
  }

  private async load(kek: Buffer): Promise<void> {
    const keys = await this.dataSource
      .getRepository(SigningKeyEntity)
      .find({ order: { createdAt: 'DESC' } });
    const active = keys.find((key) => key.state === 'active');
    if (active === undefined) throw new Error('no active signing key');
    const pkcs8 = decryptPrivateKey(kek, active.kid, active.privateKeyCiphertext);
    this.active = {
      kid: active.kid,
      privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }),
    };
    this.publicKeys = keys.map((key) => ({ ...key.publicJwk, kid: key.kid }));
  }
}
