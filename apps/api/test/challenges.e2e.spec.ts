import request from 'supertest';
import { ChallengeService } from '../src/runtime/challenge.service.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { startTestService, type TestService } from './support/test-service.js';

describe('challenges', () => {
  let database: TestDatabase;
  let first: TestService;
  let second: TestService;

  beforeAll(async () => {
    database = await createTestDatabase();
    first = await startTestService({ database });
    second = await startTestService({ database });
  });
  afterAll(async () => {
    await first.shutdown();
    await second.shutdown();
    await database.drop();
  });

  it('issues 32 random bytes that expire within the configured lifetime', async () => {
    const res = await request(first.url).post('/v1/challenges').expect(201);
    const body = res.body as { challenge: string; expiresAt: string };
    expect(Buffer.from(body.challenge, 'base64url')).toHaveLength(32);
    const lifetime = new Date(body.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(first.config.challengeLifetimeSeconds * 1000);
  });

  it('lets exactly one of many concurrent uses across two instances succeed', async () => {
    const res = await request(first.url).post('/v1/challenges').expect(201);
    const bytes = Buffer.from((res.body as { challenge: string }).challenge, 'base64url');
    const services = [first, second].map((service) => service.app.get(ChallengeService));

    const attempts = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) => services[i % 2]!.consume(bytes)),
    );

    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    const refusals = attempts.filter((attempt) => attempt.status === 'rejected');
    expect(refusals).toHaveLength(23);
    for (const refusal of refusals) {
      expect(refusal.reason).toMatchObject({
        code: 'CHALLENGE_UNKNOWN',
      });
    }
  });

  it('refuses a challenge it never issued and one that expired', async () => {
    const challenges = first.app.get(ChallengeService);
    await expect(challenges.consume(Buffer.alloc(32, 7))).rejects.toMatchObject({
      code: 'CHALLENGE_UNKNOWN',
    });

    const seeded = await challenges.seed(Buffer.from('about-to-expire'));
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval'] });
    jest.setSystemTime(new Date(seeded.expiresAt.getTime() + 1));
    try {
      await expect(challenges.consume(Buffer.from('about-to-expire'))).rejects.toMatchObject({
        code: 'CHALLENGE_UNKNOWN',
        message: 'challenge has expired',
      });
    } finally {
      jest.useRealTimers();
    }
  });

  it('answers 404 on the seeding route outside test and demo modes', async () => {
    const production = await startTestService({ env: { TESSERA_MODE: 'development' } });
    try {
      const res = await request(production.url)
        .post('/v1/test/challenges')
        .send({ challenge: 'Y2hhbGxlbmdl' })
        .expect(404);
      expect(res.body.error).toBe('TEST_HOOKS_DISABLED');
    } finally {
      await production.shutdown();
    }
  });
});
