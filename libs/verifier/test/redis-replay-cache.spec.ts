import { RedisReplayCache, type RedisSetNx } from '../src/index.js';

/** Redis's SET NX EX semantics, in memory, recording every command it receives. */
class FakeRedis implements RedisSetNx {
  readonly commands: unknown[][] = [];
  private readonly keys = new Set<string>();

  set(key: string, value: string, mode: 'EX', seconds: number, condition: 'NX') {
    this.commands.push([key, value, mode, seconds, condition]);
    if (this.keys.has(key)) return Promise.resolve(null);
    this.keys.add(key);
    return Promise.resolve('OK' as const);
  }
}

describe('RedisReplayCache', () => {
  it('answers true once per key with one SET NX EX under the prefix', async () => {
    const redis = new FakeRedis();
    const cache = new RedisReplayCache(redis, { keyPrefix: 'tessera:dpop:plant-7:' });

    await expect(cache.checkAndRemember('thumb.jti-1', 1_800_000_121, 1_800_000_000)).resolves.toBe(
      true,
    );
    await expect(cache.checkAndRemember('thumb.jti-1', 1_800_000_121, 1_800_000_000)).resolves.toBe(
      false,
    );

    expect(redis.commands[0]).toEqual(['tessera:dpop:plant-7:thumb.jti-1', '1', 'EX', 121, 'NX']);
  });

  it("sends a lifetime, so Redis's own clock cannot shorten it", async () => {
    const redis = new FakeRedis();
    const cache = new RedisReplayCache(redis);

    // The same proof window seen by a verifier whose clock reads 70 s earlier: the lifetime
    // Redis receives is the same, whatever time Redis's clock shows.
    await cache.checkAndRemember('a', 1_800_000_121, 1_800_000_000);
    await cache.checkAndRemember('b', 1_799_999_051, 1_799_998_930);

    expect(redis.commands.map((command) => command[3])).toEqual([121, 121]);
  });

  it('remembers for at least a second when asked for an expiry already past', async () => {
    const redis = new FakeRedis();
    await new RedisReplayCache(redis).checkAndRemember('k', 1_800_000_000, 1_800_000_500);

    expect(redis.commands[0]?.[3]).toBe(1);
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

  it('refuses an expiry or a clock that is not whole epoch seconds', async () => {
    const cache = new RedisReplayCache(new FakeRedis());

    await expect(cache.checkAndRemember('k', 1.5)).rejects.toThrow(TypeError);
    await expect(cache.checkAndRemember('k', 1_800_000_060, Number.NaN)).rejects.toThrow(TypeError);
  });
});
