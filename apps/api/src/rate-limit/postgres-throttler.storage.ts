import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How often expired counters are deleted, and how many rows one statement deletes at most. */
const SWEEP_INTERVAL_MS = 60_000;
const SWEEP_BATCH = 5_000;

/** What @nestjs/throttler expects back: hit count and remaining times, in seconds. */
export interface ThrottlerRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

interface HitRow {
  hits: number;
  expires_in: number;
  blocked_for: number | null;
}

/**
 * Fixed-window counters in PostgreSQL, so that every instance on the database counts against
 * the same limit. One statement per request counts the hit, opens a new window when the old one
 * has ended, and starts a block when the count passes the limit; row locking makes concurrent
 * hits from several instances add up exactly. Times come from the database clock, the one clock
 * all instances share.
 */
@Injectable()
export class PostgresThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  private timer: NodeJS.Timeout | undefined;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweepQuietly(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** `ttl` and `blockDuration` in milliseconds, as the throttler passes them. */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerRecord> {
    const rows: HitRow[] = await this.dataSource.query(INCREMENT, [key, ttl, limit, blockDuration]);
    const row = rows[0];
    if (row === undefined) throw new Error('rate limit counter was not returned');
    const blockedFor = row.blocked_for ?? 0;
    return {
      totalHits: row.hits,
      timeToExpire: Math.max(0, row.expires_in),
      isBlocked: blockedFor > 0,
      timeToBlockExpire: Math.max(0, blockedFor),
    };
  }

  /** Deletes counters whose window and block have both ended; returns how many. */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM rate_limit_hit WHERE key IN
           (SELECT key FROM rate_limit_hit WHERE expires_at < now() LIMIT ${SWEEP_BATCH})`,
      );
      total += deleted;
      if (deleted < SWEEP_BATCH) return total;
    }
  }

  private async sweepQuietly(): Promise<void> {
    try {
      await this.sweep();
    } catch (error) {
      this.logger.warn({ sweep: 'failed', err: String(error) });
    }
  }
}

// $1 key, $2 window (ms), $3 limit, $4 block (ms). `r.*` are the values before this hit.
const WINDOW = `($2::float8 * interval '1 millisecond')`;
const BLOCK = `($4::float8 * interval '1 millisecond')`;
const NEW_WINDOW = `(r.window_ends_at <= now())`;
const HITS = `(CASE WHEN ${NEW_WINDOW} THEN 1 ELSE r.hits + 1 END)`;
const WINDOW_END = `(CASE WHEN ${NEW_WINDOW} THEN now() + ${WINDOW} ELSE r.window_ends_at END)`;
const BLOCKED_UNTIL = `(CASE WHEN r.blocked_until > now() THEN r.blocked_until
  WHEN ${HITS} > $3::int THEN now() + ${BLOCK} END)`;

const INCREMENT = `
  INSERT INTO rate_limit_hit AS r (key, hits, window_ends_at, blocked_until, expires_at)
  VALUES ($1, 1, now() + ${WINDOW},
          CASE WHEN 1 > $3::int THEN now() + ${BLOCK} END,
          GREATEST(now() + ${WINDOW}, CASE WHEN 1 > $3::int THEN now() + ${BLOCK} END))
  ON CONFLICT (key) DO UPDATE SET
    hits = ${HITS},
    window_ends_at = ${WINDOW_END},
    blocked_until = ${BLOCKED_UNTIL},
    expires_at = GREATEST(${WINDOW_END}, ${BLOCKED_UNTIL})
  RETURNING hits,
    ceil(extract(epoch FROM window_ends_at - now()))::int AS expires_in,
    ceil(extract(epoch FROM blocked_until - now()))::int AS blocked_for`;
