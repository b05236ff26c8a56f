import { DEFAULT_REPLAY_CACHE_SIZE } from './limits.js';

/**
 * Remembers single-use values (proof ids) until they expire. `checkAndRemember` records `key`
 * and returns true if it was not already present and unexpired, false if it was. It must be
 * atomic across every verifier instance that shares it (for a shared store: insert-if-absent
 * with expiry). Throwing or rejecting makes the verifier refuse the request.
 */
export interface ReplayCache {
  checkAndRemember(
    key: string,
    expiresAt: number /* epoch seconds */,
    now?: number /* epoch seconds, the verifier's clock */,
  ): boolean | Promise<boolean>;
}

/**
 * How long after its `iat` a proof id is remembered: the proof window, plus twice the clock
 * skew, since another verifier sharing the store may be that far behind this one, plus one.
 */
export function replayWindowSeconds(proofMaxAgeSeconds: number, clockSkewSeconds: number): number {
  return proofMaxAgeSeconds + 2 * clockSkewSeconds + 1;
}

/** Thrown by the in-memory cache when it holds `maxEntries` unexpired values. */
export class ReplayCacheFullError extends Error {
  override readonly name = 'ReplayCacheFullError';
}

/**
 * A replay cache for one process. Bounded: expired entries are dropped as new ones arrive,
 * and when `maxEntries` unexpired values are held it FAILS CLOSED (throws, so requests are
 * refused) rather than forgetting a live value, which would let that proof be replayed. Size it
 * to peak proofs per second times the time ids are kept (proofMaxAgeSeconds + 2 x
 * clockSkewSeconds + 1). Several processes behind one load balancer need a shared store
 * instead (RedisReplayCache: SET NX EX).
 */
export class InMemoryReplayCache implements ReplayCache {
  private readonly expiries = new Map<string, number>();
  private readonly maxEntries: number;
  private lastFullSweep = Number.NEGATIVE_INFINITY;
  /** Expiry of the first entry in insertion order, or lower: nothing expires before it. */
  private firstExpiry = Number.POSITIVE_INFINITY;

  constructor(options: { readonly maxEntries?: number } = {}) {
    this.maxEntries = options.maxEntries ?? DEFAULT_REPLAY_CACHE_SIZE;
    if (!Number.isSafeInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new TypeError('maxEntries must be a positive integer');
    }
  }

  checkAndRemember(key: string, expiresAt: number, now = Math.floor(Date.now() / 1000)): boolean {
    const known = this.expiries.get(key);
    if (known !== undefined) {
      if (known > now) {
        return false;
      }
      this.expiries.delete(key);
      this.firstExpiry = Number.NEGATIVE_INFINITY; // the first entry may have gone: rescan
    }
    this.evictExpired(now);
    if (this.expiries.size >= this.maxEntries) {
      throw new ReplayCacheFullError(`replay cache holds ${this.maxEntries} unexpired entries`);
    }
    if (this.expiries.size === 0) {
      this.firstExpiry = expiresAt;
    }
    this.expiries.set(key, expiresAt);
    return true;
  }

  get size(): number {
    return this.expiries.size;
  }

  /**
   * Entries arrive in roughly increasing expiry, so dropping expired ones from the oldest end
   * is amortised O(1). Only when full is the whole map swept, for the few out of order, and
   * at most once a second so a full cache cannot be made to sweep on every request.
   */
  private evictExpired(now: number): void {
    if (this.firstExpiry <= now) {
      this.firstExpiry = Number.POSITIVE_INFINITY;
      for (const [key, expiresAt] of this.expiries) {
        if (expiresAt > now) {
          this.firstExpiry = expiresAt;
          break;
        }
        this.expiries.delete(key);
      }
    }
    if (this.expiries.size >= this.maxEntries && now > this.lastFullSweep) {
      this.lastFullSweep = now;
      this.firstExpiry = Number.NEGATIVE_INFINITY;
      for (const [key, expiresAt] of this.expiries) {
        if (expiresAt <= now) {
          this.expiries.delete(key);
        }
      }
    }
  }
}
