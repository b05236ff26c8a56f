import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../common/principal.js';
import { ServiceError } from '../common/service-error.js';
import { ApiTokenEntity, type TokenScope } from './api-token.entity.js';
import { apiTokenHint, generateApiToken, isWellFormedApiToken } from './api-token-format.js';
import { secretHash } from './secrets.js';

export type TokenPrincipal = Extract<Principal, { kind: 'api-token' }>;

export interface NewApiToken {
  readonly name: string;
  readonly scopes: readonly TokenScope[];
  readonly expiresInDays?: number;
}

const DAY_MS = 86_400_000;

/** Pipeline tokens: shown once, kept as SHA-256, revocable, traceable to their organisation. */
@Injectable()
export class ApiTokenService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(
    actor: string,
    organisationId: string,
    request: NewApiToken,
  ): Promise<{ token: ApiTokenEntity; secret: string }> {
    const secret = generateApiToken();
    const now = new Date();
    return this.dataSource.transaction(async (manager) => {
      const token = await manager.save(
        manager.create(ApiTokenEntity, {
          tokenSha256: secretHash(secret),
          hint: apiTokenHint(secret),
          organisationId,
          name: request.name,
          scopes: [...new Set(request.scopes)].sort(),
          createdBy: actor,
          expiresAt:
            request.expiresInDays === undefined
              ? null
              : new Date(now.getTime() + request.expiresInDays * DAY_MS),
          lastUsedAt: null,
          revokedAt: null,
        }),
      );
      await this.audit.append(manager, {
        actor,
        action: 'api_token.created',
        subjectType: 'api_token',
        subjectId: token.id,
        details: { organisationId, name: token.name, scopes: token.scopes, hint: token.hint },
      });
      return { token, secret };
    });
  }

  list(organisationId: string): Promise<ApiTokenEntity[]> {
    return this.dataSource
      .getRepository(ApiTokenEntity)
      .find({ where: { organisationId }, order: { createdAt: 'DESC' } });
  }

  async revoke(actor: string, tokenId: string): Promise<ApiTokenEntity> {
    return this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(ApiTokenEntity, {
        where: { id: tokenId },
        lock: { mode: 'pessimistic_write' },
      });
      if (token === null) throw new ServiceError('NOT_FOUND', 'API token not found');
      if (token.revokedAt !== null) {
        throw new ServiceError('INVALID_STATE_TRANSITION', 'API token is already revoked');
      }
      token.revokedAt = new Date();
      await manager.save(token);
      await this.audit.append(manager, {
        actor,
        action: 'api_token.revoked',
        subjectType: 'api_token',
        subjectId: token.id,
        details: { organisationId: token.organisationId, hint: token.hint },
      });
      return token;
    });
  }

  /** The token's principal, or undefined for a malformed, unknown, revoked or expired token. */
  async authenticate(secret: string, now = new Date()): Promise<TokenPrincipal | undefined> {
    if (!isWellFormedApiToken(secret)) return undefined;
    const repository = this.dataSource.getRepository(ApiTokenEntity);
    const token = await repository.findOneBy({ tokenSha256: secretHash(secret) });
    if (token === null || token.revokedAt !== null) return undefined;
    if (token.expiresAt !== null && token.expiresAt.getTime() <= now.getTime()) return undefined;

    await repository.update({ id: token.id }, { lastUsedAt: now });
    return {
      kind: 'api-token',
      tokenId: token.id,
      organisationId: token.organisationId,
      scopes: token.scopes,
    };
  }
}
