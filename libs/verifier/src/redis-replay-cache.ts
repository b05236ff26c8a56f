import type { ReplayCache } from './replay-cache.js';

/**
 * The one Redis command the cache needs, as ioredis and node-redis (legacy mode) expose it:
 * `SET key value EX <seconds> NX`, answering `'OK'` when the key was absent and `null` when it
 * was present. Typed structurally so this library depends on no Redis client.
 */
export interface RedisSetNx {
  set(
    key: string,
    value: string,
    expiryMode: 'EX',
    lifetimeSeconds: number,
    condition: 'NX',
  ): Promise<'OK' | null>;
}

export interface RedisReplayCacheOptions {
  /** Prepended to every key, e.g. `tessera:dpop:plant-7:`. Default `tessera:dpop:`. */
  readonly keyPrefix?: string;
}

const DEFAULT_KEY_PREFIX = 'tessera:dpop:';
const MAX_KEY_PREFIX_LENGTH = 128;

/**
 * A replay cache shared by every verifier that talks to the same Redis: one atomic
 * `SET NX EX` per proof, so two sidecars cannot both accept one proof id.
 *
 * The lifetime is relative (`EX`, counted by Redis from now), never an absolute time: an
 * absolute expiry computed on this verifier's clock would be enforced on Redis's clock, and a
 * verifier whose clock lags Redis would store ids that are already expired, admitting every
 * replay. The verifier asks for the proof window plus twice its clock skew, which covers
 * another verifier on the same store whose clock is off by up to that skew the other way;
 * keep every verifier's clock synchronised (NTP) within `clockSkewSeconds`.
 *
 * Any error or unexpected answer rejects, and the verifier then refuses the request with
 * REPLAY_CHECK_FAILED: an unreachable Redis never lets a proof through unchecked. Configure
 * the client to fail fast (no offline queue, a command timeout) so refusals are quick too.
 */
export class RedisReplayCache implements ReplayCache {
  private readonly keyPrefix: string;

  constructor(
    private readonly redis: RedisSetNx,
    options: RedisReplayCacheOptions = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    if (this.keyPrefix.length > MAX_KEY_PREFIX_LENGTH) {
      throw new TypeError(`keyPrefix must not exceed ${MAX_KEY_PREFIX_LENGTH} characters`);
    }
  }

  async checkAndRemember(
    key: string,
    expiresAt: number,
    now = Math.floor(Date.now() / 1000),
  ): Promise<boolean> {
    if (!Number.isSafeInteger(expiresAt) || expiresAt <= 0) {
      throw new TypeError('expiresAt must be a positive integer of epoch seconds');
    }
    if (!Number.isSafeInteger(now) || now <= 0) {
      throw new TypeError('now must be a positive integer of epoch seconds');
    }
    // At least one second: an id the verifier just accepted is always remembered.
    const lifetimeSeconds = Math.max(1, expiresAt - now);
    const answer = await this.redis.set(
      `${this.keyPrefix}${key}`,
      '1',
      'EX',
      lifetimeSeconds,
      'NX',
    );
    if (answer === 'OK') {
      return true;
    }
    if (answer === null) {
      return false;
    }
    throw new Error('Redis answered SET NX with neither OK nor nil');
  }
}
