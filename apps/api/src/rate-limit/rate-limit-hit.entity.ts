import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One client's hits in the current window of one limit, shared by every instance. Rows whose
 * window and block have both ended are swept.
 */
@Entity({ name: 'rate_limit_hit' })
@Index('rate_limit_hit_expires_at', ['expiresAt'])
export class RateLimitHitEntity {
  /** SHA-256 (hex) of the limit, the route and the client address; never the address itself. */
  @PrimaryColumn({ name: 'key', type: 'text', primaryKeyConstraintName: 'rate_limit_hit_pkey' })
  key!: string;

  @Column({ name: 'hits', type: 'integer' })
  hits!: number;

  @Column({ name: 'window_ends_at', type: 'timestamptz' })
  windowEndsAt!: Date;

  @Column({ name: 'blocked_until', type: 'timestamptz', nullable: true })
  blockedUntil!: Date | null;

  /** The later of the window's end and the block's end: the row is useless after it. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
