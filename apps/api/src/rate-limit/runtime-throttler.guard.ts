import { type ExecutionContext, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { NamedThrottlerGuard } from './named-throttler.guard.js';

/**
 * Limits what one client may ask of the public run-time routes (challenges, enrolment, refresh)
 * together: one budget per client address across those routes and every instance, so an
 * unauthenticated caller cannot flood the challenge table or the attestation checks.
 */
// The client is `req.ip`: the socket address, or, behind proxies named in TESSERA_TRUST_PROXY,
// the address they report in X-Forwarded-For. Without that setting behind a load balancer,
// every phone shares the balancer's address and this budget becomes one for all.
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
