import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ServiceError } from '../common/service-error.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';

/**
 * Who may scrape `/metrics`. With `TESSERA_METRICS_TOKEN` set, only a caller presenting it as a
 * bearer token. Without it, anyone outside production mode (a laptop, CI, the demo), and nobody
 * in production: app ids and refusal rates are the vendor's business, not the internet's.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {
    this.expected = config.metricsToken === undefined ? undefined : digest(config.metricsToken);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === undefined) {
      if (this.config.mode !== 'production') return true;
      throw new ServiceError('FORBIDDEN', 'metrics are disabled: TESSERA_METRICS_TOKEN is not set');
    }

    const request = context.switchToHttp().getRequest<Request>();
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    if (match === null) {
      throw new ServiceError('UNAUTHENTICATED', 'the metrics token is required (Bearer)');
    }
    // Equal-length digests let the comparison take the same time whatever was sent.
    if (!timingSafeEqual(digest(match[1] ?? ''), this.expected)) {
      throw new ServiceError('UNAUTHENTICATED', 'metrics token not accepted');
    }
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
