import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ServiceError } from '../common/service-error.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { passwordMatches, spendPasswordCheck } from './passwords.js';
import { SessionService } from './session.service.js';
import {
  forgetAttempts,
  type ReservedAttempt,
  reserveAttempt,
  sweepForgottenAttempts,
} from './sign-in-attempts.js';
import { UserEntity } from './user.entity.js';

export interface SignedIn {
  readonly userId: string;
  readonly secret: string;
  readonly expiresAt: Date;
}

/**
 * Password sign-in with a lockout after repeated failures. Every address is counted, known or
 * not, and answered alike, so the answers do not tell which addresses have accounts.
 */
@Injectable()
export class SignInService {
  private readonly logger = new Logger('SignIn');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  async signIn(email: string, password: string, now = new Date()): Promise<SignedIn> {
    const address = email.toLowerCase();

    // The attempt is counted before the slow password check, so parallel guesses cannot
    // all be checked before the lock applies.
    const attempt = await reserveAttempt(this.dataSource.manager, address, this.config.portal, now);
    if (attempt === undefined) {
      throw new ServiceError('ACCOUNT_LOCKED', 'too many failed sign-ins: try again later');
    }

    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ email: address });
    const matches =
      user === null
        ? await spendPasswordCheck(password).then(() => false)
        : await passwordMatches(user.passwordHash, password);
    if (user === null || !matches) {
      await this.recordFailure(user, attempt, now);
      throw new ServiceError('SIGN_IN_FAILED', 'e-mail address or password is wrong');
    }

    return this.dataSource.transaction(async (manager) => {
      await forgetAttempts(manager, address);
      const session = await this.sessions.create(manager, user.id, now);
      await this.audit.append(manager, {
        actor: `user:${user.email}`,
        action: 'user.signed_in',
        subjectType: 'user',
        subjectId: user.id,
      });
      return { userId: user.id, ...session };
    });
  }

  /** The failure that reached the limit locked the address: audited when it has an account. */
  private async recordFailure(
    user: UserEntity | null,
    attempt: ReservedAttempt,
    now: Date,
  ): Promise<void> {
    await sweepForgottenAttempts(this.dataSource.manager, now);
    if (attempt.attempts !== this.config.portal.signInMaxFailures) return;
    if (user === null) return;
    this.logger.warn({ event: 'account_locked', userId: user.id });
    await this.dataSource.transaction((manager) =>
      this.audit.append(manager, {
        actor: 'system',
        action: 'user.locked',
        subjectType: 'user',
        subjectId: user.id,
        details: { failures: attempt.attempts, until: attempt.lockedUntil?.toISOString() },
      }),
    );
  }
}
