import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ServiceError } from '../common/service-error.js';

/** The throttler, refusing with our own code so clients can switch on it. */
@Injectable()
export class SignInThrottlerGuard extends ThrottlerGuard {
  protected override throwThrottlingException(): Promise<void> {
    throw new ServiceError('RATE_LIMITED', 'too many attempts from this client: wait a minute');
  }
}
