import { Redis } from 'ioredis';

import {
  InMemoryReplayCache,
  RedisReplayCache,
  type ReplayCache,
} from '../../../libs/verifier/src/index.js';
import { agreeOnProofWindow, checkEvictionPolicy } from './redis-replay-policy.js';

/** Longest a replay check may wait on Redis before the request is refused. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
const REDIS_CONNECT_TIMEOUT_MS = 2_000;
const ERROR_LOG_INTERVAL_MS = 10_000;

export interface ReplayStore {
  readonly cache: ReplayCache;
  readonly kind: 'redis' | 'memory';
  close(): Promise<void>;
}

/**
 * Redis when a URL is configured (shared by every sidecar of the deployment), else memory
 * (this process only). The Redis client fails fast, never queueing commands while
 * disconnected, so an outage refuses requests (REPLAY_CHECK_FAILED) instead of admitting or
 * stalling them; it reconnects on its own. Start-up waits for a first connection.
 */
export async function openReplayStore(
  redisUrl: string | undefined,
  deployment: string,
  proofWindowSeconds: number,
  log: (line: string) => void,
): Promise<ReplayStore> {
  if (redisUrl === undefined) {
    return { cache: new InMemoryReplayCache(), kind: 'memory', close: () => Promise.resolve() };
  }
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    // How long close waits for a socket that is already gone; the default keeps a stopped
    // sidecar's process alive two seconds after an outage.
    disconnectTimeout: REDIS_COMMAND_TIMEOUT_MS,
  });
  let lastErrorLog = 0;
  redis.on('error', (error: Error) => {
    const now = Date.now();
    if (now - lastErrorLog >= ERROR_LOG_INTERVAL_MS) {
      lastErrorLog = now;
      log(
        JSON.stringify({
          time: new Date().toISOString(),
          level: 'error',
          event: 'redis_error',
          error: error.message,
        }),
      );
    }
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `TESSERA_REDIS_URL: cannot reach Redis at ${redisAddress(redisUrl)} (${reason}); ` +
        'the sidecar needs its replay store at start',
      { cause: error },
    );
  }
  const keyPrefix = `tessera:dpop:${deployment}:`;
  let extraSeconds: number;
  try {
    await checkEvictionPolicy(redis, log);
    extraSeconds =
      (await agreeOnProofWindow(redis, keyPrefix, proofWindowSeconds)) - proofWindowSeconds;
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const shared = new RedisReplayCache(redis, { keyPrefix });
  return {
    cache: {
      // Every id is kept for the window the deployment's sidecars agreed on, never less.
      checkAndRemember: (key, expiresAt, now) =>
        shared.checkAndRemember(key, expiresAt + extraSeconds, now),
    },
    kind: 'redis',
    close: async () => {
      // QUIT waits for replies; when Redis is unreachable, drop the connection and its retries.
      if (redis.status === 'ready') {
        await redis.quit().catch(() => undefined);
      }
      redis.disconnect();
    },
  };
}

/** Host and port of a Redis URL, never its password, for messages. */
function redisAddress(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    return `${url.hostname}:${url.port || '6379'}`;
  } catch {
    return 'the configured address';
  }
}
