import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export const MAX_ACTIVITY_DAYS = 90;
const DAY_MS = 86_400_000;

export interface DailyCount {
  /** UTC day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly count: number;
}

export interface AppActivity {
  readonly appId: string;
  /** Installations enrolled per UTC day, oldest first, every day present (zero when none). */
  readonly enrolmentsPerDay: DailyCount[];
  readonly installations: { readonly active: number; readonly revoked: number };
}

/**
 * Attestation activity of one app, read from the installations table: each enrolment is a
 * verified attestation that received its first token. Refreshes and refusals are not stored per
 * event, so they are not in this series.
 */
@Injectable()
export class ActivityService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async appActivity(appId: string, days: number, now: Date): Promise<AppActivity> {
    if (!Number.isInteger(days) || days < 1 || days > MAX_ACTIVITY_DAYS) {
      throw new TypeError(`days must be an integer from 1 to ${MAX_ACTIVITY_DAYS}`);
    }
    const firstDay = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - (days - 1) * DAY_MS);

    const perDay: { day: string; count: string }[] = await this.dataSource.query(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS count
         FROM installation WHERE app_id = $1 AND created_at >= $2 GROUP BY 1`,
      [appId, firstDay.toISOString()],
    );
    const byState: { state: string; count: string }[] = await this.dataSource.query(
      `SELECT state, count(*) AS count FROM installation WHERE app_id = $1 GROUP BY state`,
      [appId],
    );

    const counts = new Map(perDay.map((row) => [row.day, Number(row.count)]));
    const enrolmentsPerDay = Array.from({ length: days }, (_, i) => {
      const day = new Date(firstDay.getTime() + i * DAY_MS).toISOString().slice(0, 10);
      return { day, count: counts.get(day) ?? 0 };
    });
    const state = (name: string): number =>
      Number(byState.find((row) => row.state === name)?.count ?? 0);
    return {
      appId,
      enrolmentsPerDay,
      installations: { active: state('active'), revoked: state('revoked') },
    };
  }
}
