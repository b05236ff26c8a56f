import type { ChildProcess } from 'node:child_process';

import { Redis } from 'ioredis';

import { startSidecar, type RunningSidecar } from '../src/index.js';
import {
  freePort,
  requireExecutable,
  startProcess,
  stopProcess,
  waitForPort,
} from './processes.js';
import { DEPLOYMENT, Fixture, ORIGIN } from './support.js';

const PATH = '/api/records';

/** A private redis-server on a free port: no persistence, gone when the test ends. */
async function startRedis(): Promise<{ process: ChildProcess; url: string }> {
  const binary = requireExecutable(
    'redis-server',
    'apt-get install -y redis-server (.ci/run installs it)',
  );
  const port = await freePort();
  const child = startProcess(binary, [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  await waitForPort(port, child);
  return { process: child, url: `redis://127.0.0.1:${port}` };
}

describe('sidecars sharing Redis for replay protection', () => {
  const fixture = new Fixture();
  const logs: string[] = [];
  let redis: { process: ChildProcess; url: string };
  let first: RunningSidecar;
  let second: RunningSidecar;

  beforeAll(async () => {
    redis = await startRedis();
    const config = fixture.config({ TESSERA_REDIS_URL: redis.url });
    first = await startSidecar(config, { log: (line) => logs.push(line) });
    second = await startSidecar(config, { log: (line) => logs.push(line) });
  });

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await stopProcess(redis?.process);
  });

  /** Why a sidecar would not start; one that starts is stopped at once and answers STARTED. */
  async function startRefusal(config: ReturnType<Fixture['config']>): Promise<string> {
    try {
      await (await startSidecar(config, { log: () => undefined })).stop();
      return 'STARTED';
    } catch (error) {
      return (error as Error).message;
    }
  }

  function check(sidecar: RunningSidecar, credentials: Record<string, string>) {
    return fetch(`${sidecar.url}/nginx`, {
      headers: { 'x-original-method': 'GET', 'x-original-uri': PATH, ...credentials },
    });
  }

  it('announces the shared store at start', () => {
    expect(logs.filter((line) => line.includes('"replayStore":"redis"'))).toHaveLength(2);
  });

  it('refuses at the second sidecar a proof the first one accepted', async () => {
    const credentials = await fixture.credentials('GET', `${ORIGIN}${PATH}`);

    const accepted = await check(first, credentials);
    const replayed = await check(second, credentials);

    expect(accepted.status).toBe(200);
    expect(replayed.status).toBe(401);
    expect(replayed.headers.get('x-tessera-error')).toBe('PROOF_REPLAYED');
  });

  it('lets exactly one of two simultaneous uses of a proof through', async () => {
    const credentials = await fixture.credentials('GET', `${ORIGIN}${PATH}`);

    const answers = await Promise.all([check(first, credentials), check(second, credentials)]);

    expect(answers.map((res) => res.status).sort()).toEqual([200, 401]);
  });

  it('refuses a replay at a sidecar whose clock lags Redis by more than the proof window', async () => {
    const lagMs = 70_000;
    const lagging = await startSidecar(fixture.config({ TESSERA_REDIS_URL: redis.url }), {
      log: () => undefined,
      now: () => new Date(Date.now() - lagMs),
    });
    try {
      // Fresh on the lagging sidecar's clock, 70 s old on Redis's.
      const credentials = await fixture.credentials(
        'GET',
        `${ORIGIN}${PATH}`,
        undefined,
        new Date(Date.now() - lagMs),
      );

      const accepted = await check(lagging, credentials);
      const replayed = await check(lagging, credentials);

      expect(accepted.status).toBe(200);
      expect(replayed.status).toBe(401);
      expect(replayed.headers.get('x-tessera-error')).toBe('PROOF_REPLAYED');
    } finally {
      await lagging.stop();
    }
  });

  it('keeps ids for the window the deployment recorded, even at a sidecar with a shorter one', async () => {
    const client = new Redis(redis.url);
    const shorter = await startSidecar(
      fixture.config({ TESSERA_REDIS_URL: redis.url, TESSERA_PROOF_MAX_AGE_SECONDS: '20' }),
      { log: () => undefined },
    );
    try {
      // The first sidecars recorded 60 + 2 x 30 + 1 = 121 s; this one alone would keep 81 s.
      expect(await client.get(`tessera:dpop:${DEPLOYMENT}:proof-window-seconds`)).toBe('121');
      const credentials = await fixture.credentials('GET', `${ORIGIN}${PATH}`);
      expect((await check(shorter, credentials)).status).toBe(200);

      const [key] = await client.keys(`tessera:dpop:${DEPLOYMENT}:*.*`);
      const ttl = await client.ttl(key!);
      expect(ttl).toBeGreaterThan(110);
      expect(ttl).toBeLessThanOrEqual(121);
    } finally {
      await shorter.stop();
      client.disconnect();
    }
  });

  it('will not start a sidecar that would accept proofs longer than the others remember them', async () => {
    const refusal = await startRefusal(
      fixture.config({ TESSERA_REDIS_URL: redis.url, TESSERA_PROOF_MAX_AGE_SECONDS: '600' }),
    );

    expect(refusal).toMatch(/keep proof ids 121 s.*need 661 s/);
  });

  it('will not start on a Redis that evicts keys, which would forget proof ids', async () => {
    const client = new Redis(redis.url);
    await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const refusal = await startRefusal(fixture.config({ TESSERA_REDIS_URL: redis.url }));

      expect(refusal).toMatch(/maxmemory-policy allkeys-lru.*noeviction/);
    } finally {
      await client.config('SET', 'maxmemory-policy', 'noeviction');
      client.disconnect();
    }
  });

  it('fails closed when Redis goes away: 503 REPLAY_CHECK_FAILED, never 200', async () => {
    await stopProcess(redis.process);
    const credentials = await fixture.credentials('GET', `${ORIGIN}${PATH}`);

    const res = await check(first, credentials);

    expect(res.status).toBe(503);
    expect(res.headers.get('x-tessera-error')).toBe('REPLAY_CHECK_FAILED');
  });

  it('will not start without its Redis, and says which setting to check', async () => {
    const config = fixture.config({ TESSERA_REDIS_URL: 'redis://:s3cret@127.0.0.1:1' });

    const refusal = await startRefusal(config);

    expect(refusal).toMatch(/^TESSERA_REDIS_URL: cannot reach Redis at 127\.0\.0\.1:1/);
    expect(refusal).not.toMatch(/s3cret/);
  });
});
