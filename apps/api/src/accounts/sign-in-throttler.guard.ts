import { Injectable } from '@nestjs/common';
import { NamedThrottlerGuard } from '../rate-limit/named-throttler.guard.js';

/** Sign-in and invitation attempts per client and route, shared by every instance. */
@Injectable()
export class SignInThrottlerGuard extends NamedThrottlerGuard {
  protected readonly limitName = 'sign-in';
  protected readonly refusal = 'too many attempts from this client: wait a minute';
}
