/**
 * What the customer-side check costs, against the raw signature checks it cannot avoid.
 *
 * Run:  npx tsc -p bench/tsconfig.json && node dist/bench/bench/verifier.bench.js
 *
 * Measures elapsed time (process.hrtime), interleaved, medians of rounds: a raw Ed25519 verify and a raw
 * ECDSA P-256 verify (node:crypto, synchronous, KeyObjects imported once), then the verifier's
 * verifyRequest (token + proof + replay cache) without and with the verified-token cache, and
 * without the cache for keys from a trust bundle (key windows, bundle expiry) instead of a flat list.
 * Every verifyRequest gets a fresh proof (unique jti), made before timing starts.
 *
 * TODO(#4): the target is 0.90 of the raw figures and is not met. Paired runs of this bench before
 * and after the cheaper parsing (duplicate names by member count, one-shot SHA-256, cached target
 * URI, settled promise), on a shared 2-core machine at load 5 to 9: no token cache 0.79 -> 0.81,
 * token cache 0.78 -> 0.79 (medians of four; single runs spread 0.70 to 0.89, wider than the gain).
 * A differential `perf record` of all threads (12,000 cached-path requests against as many raw
 * P-256 verifies, CPU time, --perf-basic-prof) puts the 32 us gap (119 against 87 us) in about
 * thirty steps of under 1.5 us each: V8 GC 3.4 (about 7 KB allocated per request), verifier JS and
 * builtins 7, string hashing and flattening for Map keys 2.6, regexps 1.3, JIT 2.0, malloc 2.2,
 * OpenSSL digest lookup and the token SHA-256 2.2, and 3.9 us more in the same P-256 field
 * arithmetic than in the raw loop, which repeats one verify with warm caches where the verifier
 * interleaves it with its own work. Without the token cache the JS share is about twice that.
 * Next: key the token cache by the token string (no SHA-256 or scheme regex on a hit), evict by
 * second chance instead of refreshing on every hit, one Buffer per proof; measure on a quiet host.
 */
import { createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';

import {
  createDpopProof,
  createTrustBundle,
  generateRootKey,
  generateSigningKey,
  issueAttestationToken,
  rootPublicJwk,
} from '../libs/tokens/src/index.js';
import {
  acceptTrustBundle,
  createTesseraVerifier,
  InMemoryReplayCache,
  type TesseraVerifier,
  type VerifiableRequest,
} from '../libs/verifier/src/index.js';

// Many short interleaved rounds: on a shared machine, load then hits every contender alike.
const ROUNDS = 41;
const OPS_PER_ROUND = 400;
const WARMUP_OPS = 6000;
const NOW = new Date('2026-12-03T12:00:00Z');
const URL = 'https://api.plant7.example/api/records';

interface Fixture {
  readonly token: string;
  readonly proofs: string[];
  readonly vendorKey: KeyObject;
  readonly deviceKey: KeyObject;
  readonly verifierFor: (tokenCacheSize: number, fromBundle?: boolean) => TesseraVerifier;
}

async function fixture(proofCount: number): Promise<Fixture> {
  const vendor = generateSigningKey();
  const device = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicJwk = device.publicKey.export({ format: 'jwk' });
  const token = await issueAttestationToken({
    signingKey: vendor,
    issuer: 'https://tessera.vendor.example',
    installationId: 'inst-42',
    audience: ['plant-7', 'plant-9'],
    app: { id: 'app-field', platform: 'android', packageName: 'com.vendor.field', version: '3.1' },
    confirmationJwk: publicJwk,
    lifetimeSeconds: 600,
    now: NOW,
  });
  const proofs: string[] = [];
  for (let i = 0; i < proofCount; i++) {
    proofs.push(
      await createDpopProof({
        privateKey: device.privateKey,
        publicJwk,
        method: 'GET',
        url: URL,
        accessToken: token,
        now: NOW,
      }),
    );
  }
  // The same key through a trust bundle: adds the window and bundle expiry checks.
  const root = generateRootKey();
  const day = 86_400_000;
  const bundleText = createTrustBundle({
    version: 1,
    issuer: 'https://tessera.vendor.example',
    issuedAt: new Date(NOW.getTime() - day),
    expiresAt: new Date(NOW.getTime() + 30 * day),
    keys: [
      {
        jwk: vendor.publicJwk,
        notBefore: new Date(NOW.getTime() - day),
        notAfter: new Date(NOW.getTime() + day),
      },
    ],
    rootKey: root,
  });
  const { bundle } = acceptTrustBundle(bundleText, {
    rootPublicKey: rootPublicJwk(root),
    now: NOW,
    state: undefined,
  });
  const verifierFor = (tokenCacheSize: number, fromBundle = false): TesseraVerifier =>
    createTesseraVerifier({
      deployment: 'plant-7',
      ...(fromBundle
        ? { trustBundle: bundle }
        : { issuer: 'https://tessera.vendor.example', keys: [vendor.publicJwk] }),
      now: () => NOW,
      tokenCacheSize,
      replayCache: new InMemoryReplayCache({ maxEntries: 1_000_000 }),
    });
  const vendorKey = createPublicKey(vendor.privateKey);
  return { token, proofs, vendorKey, deviceKey: device.publicKey, verifierFor };
}

/** Raw verifications over the very bytes the verifier checks. */
function rawChecks(f: Fixture): { ed: () => void; p256: () => void } {
  const [th, tp, ts] = f.token.split('.') as [string, string, string];
  const tokenInput = Buffer.from(`${th}.${tp}`);
  const tokenSig = Buffer.from(ts, 'base64url');
  const [ph, pp, ps] = (f.proofs[0] as string).split('.') as [string, string, string];
  const proofInput = Buffer.from(`${ph}.${pp}`);
  const proofSig = Buffer.from(ps, 'base64url');
  return {
    ed: () => {
      if (!verify(null, tokenInput, f.vendorKey, tokenSig)) throw new Error('ed25519');
    },
    p256: () => {
      const key = { key: f.deviceKey, dsaEncoding: 'ieee-p1363' as const };
      if (!verify('sha256', proofInput, key, proofSig)) throw new Error('p256');
    },
  };
}

function timeSync(op: () => void, n: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) op();
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function timeRequests(
  verifier: TesseraVerifier,
  requests: VerifiableRequest[],
): Promise<number> {
  const start = process.hrtime.bigint();
  for (const request of requests) await verifier.verifyRequest(request);
  return requests.length / (Number(process.hrtime.bigint() - start) / 1e9);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

async function main(): Promise<void> {
  const perVerifier = WARMUP_OPS + ROUNDS * OPS_PER_ROUND;
  const f = await fixture(perVerifier * 3);
  const raw = rawChecks(f);

  const requestsFrom = (proofs: string[]): VerifiableRequest[] =>
    proofs.map((dpop) => ({ authorization: `DPoP ${f.token}`, dpop, method: 'GET', url: URL }));
  const uncachedRequests = requestsFrom(f.proofs.slice(0, perVerifier));
  const cachedRequests = requestsFrom(f.proofs.slice(perVerifier, 2 * perVerifier));
  const bundledRequests = requestsFrom(f.proofs.slice(2 * perVerifier));
  const uncached = f.verifierFor(0);
  const cached = f.verifierFor(10_000);
  const bundled = f.verifierFor(0, true);

  timeSync(raw.ed, WARMUP_OPS);
  timeSync(raw.p256, WARMUP_OPS);
  await timeRequests(uncached, uncachedRequests.slice(0, WARMUP_OPS));
  await timeRequests(cached, cachedRequests.slice(0, WARMUP_OPS));
  await timeRequests(bundled, bundledRequests.slice(0, WARMUP_OPS));

  const results = {
    ed: [] as number[],
    p256: [] as number[],
    uncached: [] as number[],
    cached: [] as number[],
    bundled: [] as number[],
  };
  for (let round = 0; round < ROUNDS; round++) {
    const from = WARMUP_OPS + round * OPS_PER_ROUND;
    results.ed.push(timeSync(raw.ed, OPS_PER_ROUND));
    results.p256.push(timeSync(raw.p256, OPS_PER_ROUND));
    results.uncached.push(
      await timeRequests(uncached, uncachedRequests.slice(from, from + OPS_PER_ROUND)),
    );
    results.cached.push(
      await timeRequests(cached, cachedRequests.slice(from, from + OPS_PER_ROUND)),
    );
    results.bundled.push(
      await timeRequests(bundled, bundledRequests.slice(from, from + OPS_PER_ROUND)),
    );
  }

  const ed25519 = median(results.ed);
  const p256 = median(results.p256);
  const both = 1 / (1 / ed25519 + 1 / p256);
  const noCache = median(results.uncached);
  const withCache = median(results.cached);
  const line = (label: string, ops: number, ratio?: string): void =>
    console.log(
      `${label.padEnd(46)} ${Math.round(ops).toLocaleString('en').padStart(8)} ops/s${ratio ?? ''}`,
    );

  console.log(
    `Node ${process.version}, ${ROUNDS} interleaved rounds of ${OPS_PER_ROUND}, CPU time, medians`,
  );
  line('raw Ed25519 verify', ed25519);
  line('raw P-256 verify', p256);
  line('raw Ed25519 + P-256 (one of each)', both);
  line(
    'verifyRequest, no token cache',
    noCache,
    `   ${(noCache / both).toFixed(3)} x raw Ed25519+P-256`,
  );
  line('verifyRequest, token cache', withCache, `   ${(withCache / p256).toFixed(3)} x raw P-256`);
  const fromBundle = median(results.bundled);
  line(
    'verifyRequest, trust bundle, no token cache',
    fromBundle,
    `   ${(fromBundle / both).toFixed(3)} x raw Ed25519+P-256, ${(fromBundle / noCache).toFixed(3)} x flat keys`,
  );
}

await main();
