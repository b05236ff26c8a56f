import { Inject, Injectable } from '@nestjs/common';
import type { JWK } from 'jose';
import { type AppFacts, issueAttestationToken } from '../../../../libs/tokens/src/index.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { ServiceError } from '../common/service-error.js';
import { SigningKeyService } from '../keys/signing-key.service.js';
import { attributeRequestToApp } from '../ops/request-context.js';
import type { AppEntity } from '../registry/app.entity.js';
import { RegistryService } from '../registry/registry.service.js';
import type { TokenView } from './dto/runtime.dto.js';

/** Issues the short-lived token for an installation of an approved app. */
@Injectable()
export class TokenIssuerService {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly keys: SigningKeyService,
    private readonly registry: RegistryService,
  ) {}

  async issue(
    app: AppEntity,
    installationId: string,
    popJwk: JWK,
    version?: string,
  ): Promise<TokenView> {
    const audience = await this.registry.deploymentsOf(app.id);
    if (audience.length === 0) {
      throw new ServiceError(
        'APP_HAS_NO_DEPLOYMENTS',
        'the app may not reach any customer deployment',
      );
    }
    const now = new Date();
    const token = await issueAttestationToken({
      signingKey: this.keys.activeKey(),
      issuer: this.config.issuer,
      installationId,
      audience,
      app: appFacts(app, version),
      confirmationJwk: popJwk,
      lifetimeSeconds: this.config.tokenLifetimeSeconds,
      now,
    });
    const expiresAt = new Date(
      Math.floor(now.getTime() / 1000) * 1000 + this.config.tokenLifetimeSeconds * 1000,
    );
    return {
      installationId,
      token,
      tokenType: 'DPoP',
      expiresAt: expiresAt.toISOString(),
      audience,
    };
  }
}

function appFacts(app: AppEntity, version: string | undefined): AppFacts {
  const common = { id: app.id, ...(version !== undefined && { version }) };
  if (app.platform === 'android') {
    return { ...common, platform: 'android', packageName: app.androidPackage ?? undefined };
  }
  return {
    ...common,
    platform: 'ios',
    teamId: app.iosTeamId ?? undefined,
    bundleId: app.iosBundleId ?? undefined,
    environment: app.iosEnvironment ?? undefined,
  };
}

/** Refuses an app that is not approved, naming its state so developers know why. */
export function requireApproved(app: AppEntity): void {
  attributeRequestToApp(app.id);
  if (app.reviewState === 'approved') return;
  if (app.reviewState === 'revoked')
    throw new ServiceError('APP_REVOKED', 'the app has been revoked');
  throw new ServiceError('APP_NOT_APPROVED', `the app is ${app.reviewState}, not approved`);
}
