/**
 * What the customer-side check costs, against the raw signature checks it cannot avoid.
 *
 * Run:  npx tsc -p bench/tsconfig.json && node dist/bench/bench/verifier.bench.js
 *
 * Elapsed time (process.hrtime), many short rounds, every contender once per round in turn.
 * Each contender's ratio is the median over rounds of (raw time / its time) in that round, so
 * load that comes and goes on a shared machine hits both sides of a ratio alike. Raw is a
 * synchronous node:crypto Ed25519 verify and an ECDSA P-256 verify with KeyObjects imported
 * once. Contenders: verifyRequest (token + proof + in-memory replay check) without and with the
 * verified-token cache, and without it for keys from a trust bundle. Every request carries a
 * fresh proof, made before timing starts, in flat strings as node:http hands headers over.
 *
 * A bare pipeline is timed as a reference, not as a candidate: per proof it splits the JWS,
 * decodes the signature, verifies it, JSON.parses the payload and remembers the jti in a Map,
 * and it checks nothing else (no header, claim, URL, method, age, or canonical encoding). No
 * verifier written in JavaScript that checks what a proof must carry can beat it, which puts
 * a ceiling under the PERFORMANCE.md target of 0.90 of the raw figures.
 *
 * TODO(#4): the 0.90 target is not met. Measured on a 2-core VM at load 1 (medians of four
 * runs, paired rounds): no token cache 0.85, token cache 0.84, against a bare pipeline at
 * 0.91 to 0.93. The gap to the bare pipeline is the checks themselves plus the cache lines
 * the JavaScript work takes from OpenSSL between two verifies (a raw loop keeps them warm).
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

const ROUNDS = 61;
const OPS_PER_ROUND = 200;
const WARMUP_OPS = 6000;
const NOW = new Date('2026-12-03T12:00:00Z');
const URL = 'https://api.plant7.example/api/records';
const DAY_MS = 86_400_000;

interface Fixture {
  readonly token: string;
  readonly proofs: string[];
  readonly vendorKey: KeyObject;
  readonly deviceKey: KeyObject;
  readonly verifierFor: (tokenCacheSize: number, fromBundle?: boolean) => TesseraVerifier;
}

/** A string as node:http hands a header value over: flat, decoded from the bytes received. */
const received = (text: string): string => Buffer.from(text, 'latin1').toString('latin1');

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
    const proof = await createDpopProof({
      privateKey: device.privateKey,
      publicJwk,
      method: 'GET',
      url: URL,
      accessToken: token,
      now: NOW,
    });
    proofs.push(received(proof));
  }
  // The same key through a trust bundle: adds the window and bundle expiry checks.
  const root = generateRootKey();
  const bundleText = createTrustBundle({
    version: 1,
    issuer: 'https://tessera.vendor.example',
    issuedAt: new Date(NOW.getTime() - DAY_MS),
    expiresAt: new Date(NOW.getTime() + 30 * DAY_MS),
    keys: [
      {
        jwk: vendor.publicJwk,
        notBefore: new Date(NOW.getTime() - DAY_MS),
        notAfter: new Date(NOW.getTime() + DAY_MS),
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

type Operation = (index: number) => void;
type AsyncOperation = (index: number) => Promise<unknown>;

/** Raw verifications over the very bytes the verifier checks. */
function rawChecks(f: Fixture): { ed: Operation; p256: Operation; both: Operation } {
  const [th, tp, ts] = f.token.split('.') as [string, string, string];
  const tokenInput = Buffer.from(`${th}.${tp}`);
  const tokenSig = Buffer.from(ts, 'base64url');
  const [ph, pp, ps] = (f.proofs[0] as string).split('.') as [string, string, string];
  const proofInput = Buffer.from(`${ph}.${pp}`);
  const proofSig = Buffer.from(ps, 'base64url');
  const ed = (): void => {
    if (!verify(null, tokenInput, f.vendorKey, tokenSig)) throw new Error('ed25519');
  };
  const p256 = (): void => {
    const key = { key: f.deviceKey, dsaEncoding: 'ieee-p1363' as const };
    if (!verify('sha256', proofInput, key, proofSig)) throw new Error('p256');
  };
  return { ed, p256, both: () => (ed(), p256()) };
}

/** The reference pipeline described above; with `token`, the token's signature and JSON too. */
function barePipeline(f: Fixture, token: boolean): Operation {
  const seen = new Map<string, number>();
  const check = (jws: string, key: KeyObject, algorithm: string | null): { jti?: string } => {
    const first = jws.indexOf('.');
    const second = jws.indexOf('.', first + 1);
    const signature = Buffer.from(jws.slice(second + 1), 'base64url');
    const input = Buffer.from(jws.slice(0, second), 'latin1');
    const keyInput = algorithm === null ? key : { key, dsaEncoding: 'ieee-p1363' as const };
    if (!verify(algorithm, input, keyInput, signature)) throw new Error('bare pipeline');
    const payload = Buffer.from(jws.slice(first + 1, second), 'base64url').toString();
    return JSON.parse(payload) as { jti?: string };
  };
  return (index) => {
    if (token) check(f.token, f.vendorKey, null);
    const { jti = '' } = check(f.proofs[index] as string, f.deviceKey, 'sha256');
    if (seen.has(jti)) throw new Error('replayed');
    seen.set(jti, index);
  };
}

/** Nanoseconds per operation over one round; only what returns a promise is awaited. */
async function timeRound(contender: Contender, from: number): Promise<number> {
  const start = process.hrtime.bigint();
  if (contender.runAsync === undefined) {
    for (let i = from; i < from + OPS_PER_ROUND; i++) contender.run?.(i);
  } else {
    for (let i = from; i < from + OPS_PER_ROUND; i++) await contender.runAsync(i);
  }
  return Number(process.hrtime.bigint() - start) / OPS_PER_ROUND;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

interface Contender {
  readonly label: string;
  readonly run?: Operation;
  readonly runAsync?: AsyncOperation;
  /** Which raw figure it is held against. */
  readonly raw: 'ed' | 'p256' | 'both';
}

async function main(): Promise<void> {
  const perContender = WARMUP_OPS + ROUNDS * OPS_PER_ROUND;
  const f = await fixture(perContender);
  const raw = rawChecks(f);

  const requestOf = (index: number): VerifiableRequest => ({
    authorization: received(`DPoP ${f.token}`),
    dpop: f.proofs[index],
    method: 'GET',
    url: received(URL),
  });
  const requests = f.proofs.map((_proof, index) => requestOf(index));
  // Every verifier has its own replay cache, so all of them may check the same proofs.
  const asOperation =
    (verifier: TesseraVerifier): AsyncOperation =>
    (index) =>
      verifier.verifyRequest(requests[index] as VerifiableRequest);

  const contenders: Contender[] = [
    { label: 'raw Ed25519 verify', run: raw.ed, raw: 'ed' },
    { label: 'raw P-256 verify', run: raw.p256, raw: 'p256' },
    { label: 'raw Ed25519 + P-256 (one of each)', run: raw.both, raw: 'both' },
    {
      label: 'verifyRequest, no token cache',
      runAsync: asOperation(f.verifierFor(0)),
      raw: 'both',
    },
    {
      label: 'verifyRequest, token cache',
      runAsync: asOperation(f.verifierFor(10_000)),
      raw: 'p256',
    },
    {
      label: 'verifyRequest, trust bundle, no token cache',
      runAsync: asOperation(f.verifierFor(0, true)),
      raw: 'both',
    },
    { label: 'reference: bare pipeline, token + proof', run: barePipeline(f, true), raw: 'both' },
    { label: 'reference: bare pipeline, proof only', run: barePipeline(f, false), raw: 'p256' },
  ];

  for (const contender of contenders) {
    for (let round = 0; round < WARMUP_OPS / OPS_PER_ROUND; round++) {
      await timeRound(contender, round * OPS_PER_ROUND);
    }
  }
  const times = new Map<Contender, number[]>(contenders.map((c) => [c, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const from = WARMUP_OPS + round * OPS_PER_ROUND;
    for (const contender of contenders) {
      times.get(contender)?.push(await timeRound(contender, from));
    }
  }

  const rawTimes = {
    ed: times.get(contenders[0] as Contender) as number[],
    p256: times.get(contenders[1] as Contender) as number[],
    both: times.get(contenders[2] as Contender) as number[],
  };
  console.log(
    `Node ${process.version}, ${ROUNDS} rounds of ${OPS_PER_ROUND}, medians; ratio = raw time / time, paired by round`,
  );
  for (const contender of contenders) {
    const own = times.get(contender) as number[];
    const us = median(own) / 1000;
    const reference = rawTimes[contender.raw];
    const ratio = median(own.map((ns, round) => (reference[round] as number) / ns));
    const against = { ed: 'raw Ed25519', p256: 'raw P-256', both: 'raw Ed25519+P-256' }[
      contender.raw
    ];
    const note = contender.label.startsWith('raw') ? '' : `   ${ratio.toFixed(3)} x ${against}`;
    console.log(
      `${contender.label.padEnd(44)} ${us.toFixed(1).padStart(7)} µs ${Math.round(1e6 / us)
        .toLocaleString('en')
        .padStart(7)}/s${note}`,
    );
  }
}

await main();
