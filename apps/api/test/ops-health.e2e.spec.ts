import pg from 'pg';
import request from 'supertest';
import { ADMIN_DATABASE_URL } from './support/test-database.js';
import { startTestService, type TestService } from './support/test-service.js';

/** Runs one statement as the server's administrator. */
async function asAdministrator(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('health probes', () => {
  let service: TestService;
  let database: string;

  beforeAll(async () => {
    service = await startTestService();
    database = new URL(service.databaseUrl!).pathname.slice(1);
  });
  afterAll(() => service.shutdown());

  it('answers liveness without touching a dependency', async () => {
    const res = await request(service.url).get('/health/live').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', details: {} });
  });

  it('is ready when the database answers', async () => {
    const res = await request(service.url).get('/health/ready').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });
  });

  it('stops being ready while the database refuses connections, and recovers', async () => {
    await asAdministrator(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`);
    try {
      await asAdministrator(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}'`,
      );
      const down = await request(service.url).get('/health/ready').expect(503);
      expect(down.body).toMatchObject({ error: 'NOT_READY' });
      expect(JSON.stringify(down.body)).not.toContain(database);

      await request(service.url).get('/health/live').expect(200);
    } finally {
      await asAdministrator(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);
    }
    await request(service.url).get('/health/ready').expect(200);
  });
});
