import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import type { TokenOutcome } from './token-activity.entity.js';

/**
 * Distinct (app, day, outcome, code) keys held between flushes. App ids come from the registry
 * and codes from a closed set, so this is reached only by a very large fleet of apps; past it,
 * counts are dropped (and the drop logged) rather than memory growing.
 */
export const MAX_PENDING_KEYS = 10_000;
/** Rows per INSERT statement. */
const FLUSH_BATCH = 1_000;

interface PendingKey {
  readonly appId: string;
  readonly day: string;
  readonly outcome: TokenOutcome;
  readonly code: string;
}

/**
 * Counts tokens issued and refused per app and UTC day in memory, and adds the counts to the
 * `token_activity` rollup every `TESSERA_ACTIVITY_FLUSH_SECONDS` and when the service stops.
 * Each instance adds its own counts (`count = count + EXCLUDED.count`), so instances never
 * overwrite each other. A crash loses at most the counts of one flush interval; a failed flush
 * keeps its counts for the next attempt.
 */
@Injectable()
export class TokenActivityRecorder implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('TokenActivity');
  private pending = new Map<string, { key: PendingKey; count: number }>();
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.config.activityFlushSeconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Counts one token request of a registered app, on the UTC day of `at`. */
  record(appId: string, outcome: TokenOutcome, code: string, at: Date): void {
    this.add({ appId, day: at.toISOString().slice(0, 10), outcome, code }, 1);
  }

  /** Writes what is pending; concurrent calls run one after the other. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.dropped > 0) {
      this.logger.warn({ dropped: this.dropped, reason: 'more than MAX_PENDING_KEYS keys' });
      this.dropped = 0;
    }
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    for (let start = 0; start < batch.length; start += FLUSH_BATCH) {
      const rows = batch.slice(start, start + FLUSH_BATCH);
      try {
        await this.insert(rows);
      } catch (error) {
        this.logger.error({ err: String(error), keys: batch.length - start });
        for (const row of batch.slice(start)) this.add(row.key, row.count);
        return;
      }
    }
  }

  private insert(rows: { key: PendingKey; count: number }[]): Promise<unknown> {
    return this.dataSource.query(
      `INSERT INTO token_activity (app_id, day, outcome, code, count)
         SELECT * FROM unnest($1::uuid[], $2::date[], $3::text[], $4::text[], $5::bigint[])
       ON CONFLICT (app_id, day, outcome, code)
         DO UPDATE SET count = token_activity.count + EXCLUDED.count`,
      [
        rows.map((r) => r.key.appId),
        rows.map((r) => r.key.day),
        rows.map((r) => r.key.outcome),
        rows.map((r) => r.key.code),
        rows.map((r) => String(r.count)),
      ],
    );
  }

  private add(key: PendingKey, count: number): void {
    const id = `${key.appId} ${key.day} ${key.outcome} ${key.code}`;
    const entry = this.pending.get(id);
    if (entry !== undefined) entry.count += count;
    else if (this.pending.size < MAX_PENDING_KEYS) this.pending.set(id, { key, count });
    else this.dropped += count;
  }
}
