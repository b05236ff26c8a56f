import { type ExecutionContext, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { NamedThrottlerGuard } from './named-throttler.guard.js';

/**
 * Limits what one client may ask of the public run-time routes (challenges, enrolment, refresh)
 * together: one budget per client address across those routes and every instance, so an
 * unauthenticated caller cannot flood the challenge table or the attestation checks.
 */
// TODO(#3): the client is the socket address (`trust proxy` is off in service.ts). Behind a load
// balancer or reverse proxy every phone shares its address, and this budget becomes one for all;
// trusting a configured proxy's X-Forwarded-For would restore per-client counting.
@Injectable()
export class RuntimeThrottlerGuard extends NamedThrottlerGuard {
  protected readonly limitName = 'runtime';
  protected readonly refusal =
    'too many requests from this client: retry after Retry-After seconds';

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return createHash('sha256').update(`${name}-${tracker}`).digest('hex');
  }
}
