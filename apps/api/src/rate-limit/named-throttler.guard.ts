import type { ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Response } from 'express';
import { ServiceError } from '../common/service-error.js';

/** The limits configured in rate-limit.module.ts; each guard applies exactly one. */
export type LimitName = 'sign-in' | 'runtime';

/**
 * A throttler guard that applies one named limit of the shared ones, and refuses with
 * 429 `RATE_LIMITED` and a `Retry-After` (seconds) so clients can switch on the code and wait.
 */
export abstract class NamedThrottlerGuard extends ThrottlerGuard {
  protected abstract readonly limitName: LimitName;
  protected abstract readonly refusal: string;

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = this.throttlers.filter((throttler) => throttler.name === this.limitName);
    if (this.throttlers.length !== 1) {
      throw new TypeError(`rate limit "${this.limitName}" is not configured`);
    }
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    throw new ServiceError('RATE_LIMITED', this.refusal);
  }
}
