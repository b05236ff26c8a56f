import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** Counts of attempts without a lock are forgotten after this long without a new attempt. */
export const FAILURE_MEMORY_SECONDS = 24 * 60 * 60;

/** Forgotten counts removed per sweep, so one sweep stays short. */
const SWEEP_BATCH = 100;

export interface AttemptLimits {
  readonly signInMaxFailures: number;
  readonly signInLockoutSeconds: number;
}

export interface ReservedAttempt {
  /** This attempt's place in the run of attempts; the lock starts when it reaches the limit. */
  readonly attempts: number;
  readonly lockedUntil: Date | null;
}

/** The key of an address's count: the SHA-256 of the address as accounts store it. */
export function addressKey(address: string): string {
  return createHash('sha256').update(address.toLowerCase(), 'utf8').digest('hex');
}

/**
 * Counts an attempt before its password is checked, in one statement, so parallel attempts
 * cannot pass the limit: undefined while the address is locked. The attempt that reaches the
 * limit sets the lock; an attempt after an expired lock starts a new run.
 */
export async function reserveAttempt(
  manager: EntityManager,
  address: string,
  limits: AttemptLimits,
  now: Date,
): Promise<ReservedAttempt | undefined> {
  const lockUntil = new Date(now.getTime() + limits.signInLockoutSeconds * 1000);
  const rows: { attempts: number; locked_until: Date | null }[] = await manager.query(
    `INSERT INTO sign_in_failure AS f (address_sha256, attempts, locked_until, last_attempt_at)
     VALUES ($1, 1, CASE WHEN 1 >= $3 THEN $4::timestamptz END, $2)
     ON CONFLICT (address_sha256) DO UPDATE
        SET attempts = CASE WHEN f.locked_until <= $2 THEN 1 ELSE f.attempts + 1 END,
            locked_until = CASE WHEN (CASE WHEN f.locked_until <= $2 THEN 1 ELSE f.attempts + 1 END) >= $3
                                THEN $4::timestamptz END,
            last_attempt_at = $2
      WHERE f.locked_until IS NULL OR f.locked_until <= $2
     RETURNING attempts, locked_until`,
    [addressKey(address), now, limits.signInMaxFailures, lockUntil],
  );
  const row = rows[0];
  return row === undefined ? undefined : { attempts: row.attempts, lockedUntil: row.locked_until };
}

/** A successful sign-in ends the run of attempts, and any lock. */
export async function forgetAttempts(manager: EntityManager, address: string): Promise<void> {
  await manager.query(`DELETE FROM sign_in_failure WHERE address_sha256 = $1`, [
    addressKey(address),
  ]);
}

/** Drops counts left alone for FAILURE_MEMORY_SECONDS whose lock, if any, has ended. */
export async function sweepForgottenAttempts(manager: EntityManager, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - FAILURE_MEMORY_SECONDS * 1000);
  await manager.query(
    `DELETE FROM sign_in_failure WHERE address_sha256 IN (
       SELECT address_sha256 FROM sign_in_failure
        WHERE last_attempt_at < $1 AND (locked_until IS NULL OR locked_until <= $2)
        LIMIT ${SWEEP_BATCH})`,
    [cutoff, now],
  );
}
