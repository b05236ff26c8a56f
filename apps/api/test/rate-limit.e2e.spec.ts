import request from 'supertest';
import { DataSource } from 'typeorm';
import { PostgresThrottlerStorage } from '../src/rate-limit/postgres-throttler.storage.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { startTestService, type TestService } from './support/test-service.js';

const SIGN_IN_LIMIT = 4;
const RUNTIME_LIMIT = 6;

describe('rate limits shared by two instances on one database', () => {
  let database: TestDatabase;
  let first: TestService;
  let second: TestService;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      TESSERA_SIGNIN_PER_MINUTE: String(SIGN_IN_LIMIT),
      TESSERA_RUNTIME_PER_MINUTE: String(RUNTIME_LIMIT),
    };
    first = await startTestService({ database, env });
    second = await startTestService({ database, env });
  });
  afterAll(async () => {
    await first?.shutdown();
    await second?.shutdown();
    await database?.drop();
  });

  /** Alternates between the instances, as a round-robin load balancer would. */
  const instance = (i: number): TestService => (i % 2 === 0 ? first : second);

  it('counts sign-in attempts against one limit across both instances', async () => {
    const answers: string[] = [];
    for (let i = 0; i < SIGN_IN_LIMIT + 2; i += 1) {
      const res = await request(instance(i).url)
        .post('/v1/session')
        .send({ email: `nobody${i}@example.test`, password: 'not the password at all' });
      answers.push((res.body as { error: string }).error);
      if (res.status === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(answers).toEqual([
      ...Array<string>(SIGN_IN_LIMIT).fill('SIGN_IN_FAILED'),
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
  });

  it('gives a client one run-time budget across routes and instances, then 429 with Retry-After', async () => {
    for (let i = 0; i < RUNTIME_LIMIT; i += 1) {
      await request(instance(i).url).post('/v1/challenges').expect(201);
    }

    for (const [i, path] of [
      '/v1/challenges',
      '/v1/installations/android',
      '/v1/tokens',
    ].entries()) {
      const res = await request(instance(i).url).post(path).send({});
      expect([path, res.status, (res.body as { error: string }).error]).toEqual([
        path,
        429,
        'RATE_LIMITED',
      ]);
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }

    // Only one window's worth of challenges were made: the flood never reached the table.
    const rows: { count: string }[] = await first.app
      .get(DataSource)
      .query('SELECT count(*) AS count FROM challenge');
    expect(Number(rows[0]?.count)).toBe(RUNTIME_LIMIT);
  });

  it('sweeps counters whose window and block have ended, and keeps live ones', async () => {
    const dataSource = first.app.get(DataSource);
    await dataSource.query(
      `INSERT INTO rate_limit_hit (key, hits, window_ends_at, blocked_until, expires_at)
       VALUES ('expired', 3, now() - interval '2 minutes', NULL, now() - interval '2 minutes')`,
    );
    const before: { count: string }[] = await dataSource.query(
      'SELECT count(*) AS count FROM rate_limit_hit',
    );

    expect(await first.app.get(PostgresThrottlerStorage).sweep()).toBe(1);

    const after: { key: string }[] = await dataSource.query('SELECT key FROM rate_limit_hit');
    expect(after.map((row) => row.key)).not.toContain('expired');
    expect(after.length).toBe(Number(before[0]?.count) - 1);
  });

  it('opens a new window once the old one has ended', async () => {
    const storage = first.app.get(PostgresThrottlerStorage);
    const windowMs = 300;
    expect(await storage.increment('window-test', windowMs, 1, windowMs)).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
    expect(await storage.increment('window-test', windowMs, 1, windowMs)).toMatchObject({
      totalHits: 2,
      isBlocked: true,
    });
    await new Promise((resolve) => setTimeout(resolve, windowMs + 100));
    expect(await storage.increment('window-test', windowMs, 1, windowMs)).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });
});

describe('rate limits behind a trusted proxy', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({
      env: { TESSERA_RUNTIME_PER_MINUTE: '2', TESSERA_TRUST_PROXY: 'loopback' },
    });
  });
  afterAll(() => service?.shutdown());

  it('counts each client named by the trusted proxy on its own', async () => {
    const fromClient = (address: string) =>
      request(service.url).post('/v1/challenges').set('X-Forwarded-For', address);

    for (let i = 0; i < 2; i += 1) await fromClient('198.51.100.7').expect(201);
    await fromClient('198.51.100.7').expect(429);
    await fromClient('198.51.100.8').expect(201);
  });
});
