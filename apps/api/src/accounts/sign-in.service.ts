import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ServiceError } from '../common/service-error.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { passwordMatches, spendPasswordCheck } from './passwords.js';
import { SessionService } from './session.service.js';
import { UserEntity } from './user.entity.js';

export interface SignedIn {
  readonly userId: string;
  readonly secret: string;
  readonly expiresAt: Date;
}

/** Password sign-in with a per-account lockout after repeated failures. */
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
    const user = await this.dataSource
      .getRepository(UserEntity)
      .findOneBy({ email: email.toLowerCase() });
    if (user === null) {
      await spendPasswordCheck(password);
      throw new ServiceError('SIGN_IN_FAILED', 'e-mail address or password is wrong');
    }

    if (user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime()) {
      throw new ServiceError(
        'ACCOUNT_LOCKED',
        `too many failed sign-ins: try again after ${user.lockedUntil.toISOString()}`,
      );
    }

    if (!(await passwordMatches(user.passwordHash, password))) {
      await this.recordFailure(user.id, now);
      throw new ServiceError('SIGN_IN_FAILED', 'e-mail address or password is wrong');
    }

    return this.dataSource.transaction(async (manager) => {
      await manager.update(UserEntity, { id: user.id }, { failedSignIns: 0, lockedUntil: null });
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

  /**
   * Counts a failure in one statement (parallel attempts cannot lose a count); the Nth failure
   * in a row locks the account. A failure after an expired lock starts the count again.
   */
  private async recordFailure(userId: string, now: Date): Promise<void> {
    const { signInMaxFailures, signInLockoutSeconds } = this.config.portal;
    const lockUntil = new Date(now.getTime() + signInLockoutSeconds * 1000);
    await this.dataSource.transaction(async (manager) => {
      const rows: { failed_sign_ins: number; locked_until: Date | null }[] = await manager.query(
        `WITH counted AS (
         UPDATE user_account AS u
            SET failed_sign_ins = n.count,
                locked_until = CASE WHEN n.count >= $3 THEN $4::timestamptz ELSE NULL END
           FROM (SELECT CASE WHEN locked_until IS NOT NULL AND locked_until <= $2
                             THEN 1 ELSE failed_sign_ins + 1 END AS count
                   FROM user_account WHERE id = $1 FOR UPDATE) AS n
          WHERE u.id = $1
      RETURNING u.failed_sign_ins, u.locked_until)
         SELECT failed_sign_ins, locked_until FROM counted`,
        [userId, now, signInMaxFailures, lockUntil],
      );
      const row = rows[0];
      if (row?.locked_until === null || row === undefined) return;
      if (row.failed_sign_ins !== signInMaxFailures) return;
      this.logger.warn({ event: 'account_locked', userId });
      await this.audit.append(manager, {
        actor: 'system',
        action: 'user.locked',
        subjectType: 'user',
        subjectId: userId,
        details: { failures: row.failed_sign_ins, until: lockUntil.toISOString() },
      });
    });
  }
}
