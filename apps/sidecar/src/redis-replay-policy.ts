import type { Redis } from 'ioredis';

/**
 * Two things a shared replay store must get right that Redis will not check for us.
 *
 * Eviction: a Redis that evicts keys under memory pressure (any maxmemory-policy but
 * noeviction; every proof id has a TTL, so the volatile-* policies evict them too) forgets ids
 * and lets a proof be replayed. With noeviction a full Redis refuses the write, and the check is
 * refused (REPLAY_CHECK_FAILED) instead.
 *
 * The window: an id must be kept as long as the most patient sidecar sharing the store would
 * accept the proof. The first sidecar of a deployment records its window (proof age plus twice
 * the clock skew plus one second); later ones keep ids that long, and one that would accept
 * proofs for longer refuses to start, since the others would forget ids too soon for it.
 */
export async function checkEvictionPolicy(
  redis: Redis,
  log: (line: string) => void,
): Promise<void> {
  let policy: string | undefined;
  try {
    const answer = (await redis.config('GET', 'maxmemory-policy')) as string[];
    policy = answer[1];
  } catch {
    // Managed Redis often disables CONFIG: say so, and rely on the operator's word.
    log(
      JSON.stringify({
        time: new Date().toISOString(),
        level: 'warn',
        event: 'redis_policy_unknown',
        message: 'cannot read maxmemory-policy; it must be noeviction, or replays can pass',
      }),
    );
    return;
  }
  if (policy !== 'noeviction') {
    throw new Error(
      `TESSERA_REDIS_URL: Redis evicts keys (maxmemory-policy ${policy ?? 'unknown'}), so it ` +
        'could forget proof ids and admit replays; set maxmemory-policy noeviction',
    );
  }
}

/** Records or reads the deployment's proof window; returns how long ids are to be kept. */
export async function agreeOnProofWindow(
  redis: Redis,
  keyPrefix: string,
  ownWindowSeconds: number,
): Promise<number> {
  const key = `${keyPrefix}proof-window-seconds`;
  await redis.set(key, String(ownWindowSeconds), 'NX');
  const recorded = Number(await redis.get(key));
  if (!Number.isSafeInteger(recorded) || recorded < 1) {
    throw new Error(`TESSERA_REDIS_URL: ${key} holds no window in seconds; delete it`);
  }
  if (ownWindowSeconds > recorded) {
    throw new Error(
      `TESSERA_REDIS_URL: the sidecars sharing this Redis keep proof ids ${recorded} s, and ` +
        `this one's TESSERA_PROOF_MAX_AGE_SECONDS and TESSERA_CLOCK_SKEW_SECONDS need ` +
        `${ownWindowSeconds} s. Give every sidecar the same settings; to lengthen the window, ` +
        `set ${key} to ${ownWindowSeconds} first`,
    );
  }
  return recorded;
}
