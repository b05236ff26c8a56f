import { RedisReplayCache, type RedisSetNx } from '../src/index.js';

/** Redis's SET NX EXAT semantics, in memory, recording every command it receives. */
class FakeRedis implements RedisSetNx {
  readonly commands: unknown[][] = [];
  private readonly keys = new Set<string>();

  set(key: string, value: string, mode: 'EXAT', at: number, condition: 'NX') {
    this.commands.push([key, value, mode, at, condition]);
    if (this.keys.has(key)) return Promise.resolve(null);
    this.keys.add(key);
    return Promise.resolve('OK' as const);
  }
}

describe('RedisReplayCache', () => {
  it('answers true once per key with one SET NX EXAT under the prefix', async () => {
    const redis = new FakeRedis();
    const cache = new RedisReplayCache(redis, { keyPrefix: 'tessera:dpop:plant-7:' });

    await expect(cache.checkAndRemember('thumb.jti-1', 1_800_000_060)).resolves.toBe(true);
    await expect(cache.checkAndRemember('thumb.jti-1', 1_800_000_060)).resolves.toBe(false);

    expect(redis.commands[0]).toEqual([
      'tessera:dpop:plant-7:thumb.jti-1',
      '1',
      'EXAT',
      1_800_000_060,
      'NX',
    ]);
  });

  it('rejects when Redis fails, so the verifier refuses the request', async () => {
    const cache = new RedisReplayCache({
      set: () => Promise.reject(new Error('Connection is closed')),
    });

    await expect(cache.checkAndRemember('k', 1_800_000_060)).rejects.toThrow('closed');
  });

  it('rejects an answer that is neither OK nor nil', async () => {
    const cache = new RedisReplayCache({
      set: () => Promise.resolve('QUEUED' as unknown as 'OK'),
    });

    await expect(cache.checkAndRemember('k', 1_800_000_060)).rejects.toThrow('neither OK');
  });

  it('refuses an expiry that is not whole epoch seconds', async () => {
    const cache = new RedisReplayCache(new FakeRedis());

    await expect(cache.checkAndRemember('k', 1.5)).rejects.toThrow(TypeError);
  });
});
