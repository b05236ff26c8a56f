import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { AdminCredentialEntity } from './admin-credential.entity.js';

/** Recognisable by secret scanners: `tsa_` then 32 random bytes in base64url. */
const ADMIN_TOKEN_PREFIX = 'tsa_';
const BOOTSTRAP_LOCK_ID = 7_411_003;

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

@Injectable()
export class AdminCredentialService {
  private readonly logger = new Logger('AdminCredential');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly audit: AuditService,
  ) {}

  /** The credential's label when the token is known, else undefined. */
  async identify(token: string): Promise<string | undefined> {
    const found = await this.dataSource
      .getRepository(AdminCredentialEntity)
      .findOneBy({ tokenSha256: sha256(token) });
    return found?.label;
  }

  /**
   * At first start there is no admin: take the configured token, or make one and show it once.
   * Returns the new token when one was made, so the caller can print it.
   */
  async ensureBootstrapCredential(): Promise<string | undefined> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_ID]);
      const repository = manager.getRepository(AdminCredentialEntity);
      const configured = this.config.adminToken;
      if (configured !== undefined) {
        const hash = sha256(configured);
        if ((await repository.findOneBy({ tokenSha256: hash })) === null) {
          await repository.save(repository.create({ tokenSha256: hash, label: 'configured' }));
          await this.audit.append(manager, {
            actor: 'system',
            action: 'admin_credential.configured',
            subjectType: 'admin_credential',
            subjectId: 'configured',
          });
        }
        return undefined;
      }
      if ((await repository.count()) > 0) return undefined;

      const token = ADMIN_TOKEN_PREFIX + randomBytes(32).toString('base64url');
      await repository.save(repository.create({ tokenSha256: sha256(token), label: 'bootstrap' }));
      await this.audit.append(manager, {
        actor: 'system',
        action: 'admin_credential.created',
        subjectType: 'admin_credential',
        subjectId: 'bootstrap',
      });
      this.logger.log('created the first admin credential');
      return token;
    });
  }
}
