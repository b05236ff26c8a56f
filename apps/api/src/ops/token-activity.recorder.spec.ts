import type { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.js';
import { MAX_PENDING_KEYS, TokenActivityRecorder } from './token-activity.recorder.js';

type Columns = [string[], string[], string[], string[], string[]];

/** A database that records each INSERT's columns, and fails while `failing` is set. */
function fakeDatabase() {
  const inserts: Columns[] = [];
  const state = { failing: false };
  const dataSource = {
    query: (_sql: string, parameters: Columns) => {
      if (state.failing) return Promise.reject(new Error('connection lost'));
      inserts.push(parameters);
      return Promise.resolve([]);
    },
  } as unknown as DataSource;
  return { dataSource, inserts, state };
}

const AT = new Date('2026-03-01T23:59:59Z');
const APP = '00000000-0000-4000-8000-000000000001';

describe('TokenActivityRecorder', () => {
  const config = loadConfig({ TESSERA_MODE: 'test' });

  it('adds up counts per app, day, outcome and code, and writes each key once per flush', async () => {
    const db = fakeDatabase();
    const recorder = new TokenActivityRecorder(db.dataSource, config);
    recorder.record(APP, 'issued', '', AT);
    recorder.record(APP, 'issued', '', AT);
    recorder.record(APP, 'refused', 'APP_REVOKED', AT);
    recorder.record(APP, 'issued', '', new Date('2026-03-02T00:00:00Z'));

    await recorder.flush();
    await recorder.flush();

    expect(db.inserts).toHaveLength(1);
    const [apps, days, outcomes, codes, counts] = db.inserts[0] as Columns;
    const rows = apps.map((app, i) => [app, days[i], outcomes[i], codes[i], counts[i]]);
    expect(rows).toEqual([
      [APP, '2026-03-01', 'issued', '', '2'],
      [APP, '2026-03-01', 'refused', 'APP_REVOKED', '1'],
      [APP, '2026-03-02', 'issued', '', '1'],
    ]);
  });

  it('keeps the counts of a failed flush for the next one', async () => {
    const db = fakeDatabase();
    const recorder = new TokenActivityRecorder(db.dataSource, config);
    recorder.record(APP, 'issued', '', AT);
    db.state.failing = true;
    await recorder.flush();
    recorder.record(APP, 'issued', '', AT);
    db.state.failing = false;

    await recorder.flush();

    expect(db.inserts).toHaveLength(1);
    expect(db.inserts[0]?.[4]).toEqual(['2']);
  });

  it('holds at most MAX_PENDING_KEYS keys between flushes, in batches of at most 1000 rows', async () => {
    const db = fakeDatabase();
    const recorder = new TokenActivityRecorder(db.dataSource, config);
    for (let i = 0; i < MAX_PENDING_KEYS + 50; i += 1) {
      recorder.record(APP, 'refused', `CODE_${i}`, AT);
    }

    await recorder.flush();

    const written = db.inserts.reduce((sum, columns) => sum + columns[0].length, 0);
    expect(written).toBe(MAX_PENDING_KEYS);
    expect(Math.max(...db.inserts.map((columns) => columns[0].length))).toBeLessThanOrEqual(1000);
  });
});
