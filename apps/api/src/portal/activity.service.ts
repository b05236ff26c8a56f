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
  /** Tokens issued (enrolment and refresh) per UTC day, every day present. */
  readonly issuedPerDay: DailyCount[];
  /** Enrolments and refreshes refused per UTC day, every day present. */
  readonly refusedPerDay: DailyCount[];
  /** The same refusals by code, most frequent first. */
  readonly refusalsByCode: RefusalSeries[];
}

export interface RefusalSeries {
  readonly code: string;
  readonly total: number;
  readonly perDay: DailyCount[];
}

interface ActivityRow {
  day: string;
  outcome: 'issued' | 'refused';
  code: string;
  count: string;
}

/**
 * Attestation activity of one app. Enrolments are read from the installations table (each is a
 * verified attestation that received its first token); tokens issued and refused come from the
 * `token_activity` rollup, which every instance adds to every `TESSERA_ACTIVITY_FLUSH_SECONDS`,
 * so the current day lags by up to that interval.
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

    const tokens: ActivityRow[] = await this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, outcome, code, count FROM token_activity
         WHERE app_id = $1 AND day >= $2::date`,
      [appId, firstDay.toISOString().slice(0, 10)],
    );

    const dayList = Array.from({ length: days }, (_, i) =>
      new Date(firstDay.getTime() + i * DAY_MS).toISOString().slice(0, 10),
    );
    const state = (name: string): number =>
      Number(byState.find((row) => row.state === name)?.count ?? 0);
    const refusals = tokens.filter((row) => row.outcome === 'refused');
    return {
      appId,
      enrolmentsPerDay: series(dayList, perDay),
      installations: { active: state('active'), revoked: state('revoked') },
      issuedPerDay: series(
        dayList,
        tokens.filter((row) => row.outcome === 'issued'),
      ),
      refusedPerDay: series(dayList, refusals),
      refusalsByCode: byCode(dayList, refusals),
    };
  }
}

/** One count per day of `dayList`, summing rows of the same day, zero when none. */
function series(dayList: string[], rows: { day: string; count: string }[]): DailyCount[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.day, (counts.get(row.day) ?? 0) + Number(row.count));
  return dayList.map((day) => ({ day, count: counts.get(day) ?? 0 }));
}

function byCode(dayList: string[], refusals: ActivityRow[]): RefusalSeries[] {
  const codes = [...new Set(refusals.map((row) => row.code))];
  return codes
    .map((code) => {
      const perDay = series(
        dayList,
        refusals.filter((row) => row.code === code),
      );
      return { code, total: perDay.reduce((sum, d) => sum + d.count, 0), perDay };
    })
    .sort((a, b) => b.total - a.total || a.code.localeCompare(b.code));
}
