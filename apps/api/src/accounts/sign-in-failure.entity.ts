import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Sign-in attempts in a row per e-mail address, known or not, so an unknown address locks
 * exactly like an account. Keyed by the SHA-256 of the lowercased address: typed addresses
 * are not kept in the clear.
 */
@Entity({ name: 'sign_in_failure' })
export class SignInFailureEntity {
  @PrimaryColumn({
    name: 'address_sha256',
    type: 'text',
    primaryKeyConstraintName: 'sign_in_failure_pkey',
  })
  addressSha256!: string;

  /** Attempts counted since the last success or expired lock, including any in flight. */
  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Index('sign_in_failure_last_attempt_at')
  @Column({ name: 'last_attempt_at', type: 'timestamptz' })
  lastAttemptAt!: Date;
}
