import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { createOrganisation } from './support/portal-client.js';
import { startTestService, type TestService } from './support/test-service.js';

const CLI = resolve('dist/apps/api/src/audit/verify-cli.js');

/** `npm run audit:verify` on the configured database: the command operators run. */
describe('npm run audit:verify', () => {
  let service: TestService;

  function verify(): { status: number | null; stdout: string } {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
    const result = spawnSync(process.execPath, [CLI], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: service.databaseUrl ?? '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { status: result.status, stdout: result.stdout };
  }

  beforeAll(async () => {
    service = await startTestService();
    for (const name of ['one', 'two', 'three']) await createOrganisation(service, name, 'partner');
  });
  afterAll(() => service.shutdown());

  it('reports an intact chain and exits 0', () => {
    const { status, stdout } = verify();
    expect(stdout).toMatch(/audit chain intact: \d+ entries/);
    expect(status).toBe(0);
  });

  it('names the first edited entry and exits non-zero', async () => {
    const client = new pg.Client({ connectionString: service.databaseUrl });
    await client.connect();
    try {
      const rows = await client.query<{ seq: string }>(
        "SELECT seq FROM audit_entry WHERE action = 'organisation.created' ORDER BY seq LIMIT 1 OFFSET 1",
      );
      const seq = rows.rows[0]?.seq ?? '';
      // Only a database owner can do this: the append-only trigger must be switched off first.
      await client.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update');
      await client.query(
        `UPDATE audit_entry SET details = '{"name":"forged","kind":"partner"}' WHERE seq = $1`,
        [seq],
      );
      await client.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update');

      const { status, stdout } = verify();
      expect(stdout).toContain(`audit chain broken at entry ${seq}`);
      expect(JSON.parse(stdout.split('\n')[0] ?? '')).toMatchObject({
        intact: false,
        firstBrokenSeq: seq,
      });
      expect(status).toBe(1);
    } finally {
      await client.end();
    }
  });

  it('exits 2 when it cannot reach the database', () => {
    const result = spawnSync(process.execPath, [CLI], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.stderr).toMatch(/could not check the chain/);
    expect(result.status).toBe(2);
  });
});
