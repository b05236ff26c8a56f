/**
 * What the customer-side check costs, against the raw signature checks it cannot avoid.
 *
 * Run:  npx tsc -p bench/tsconfig.json && node dist/bench/bench/verifier.bench.js
 *
 * Elapsed time (process.hrtime), many short rounds. In every round each contender runs right
 * next to the raw check it is held against, first or second in turn, and its ratio is the
 * median over rounds of (raw time / its time), so load that comes and goes on a shared machine
 * hits both sides of a ratio alike. Raw is a synchronous node:crypto Ed25519 verify and an
 * ECDSA P-256 verify with KeyObjects imported once. Contenders: verifyRequest (token + proof +
 * in-memory replay check) without and with the verified-token cache, and without it for keys
 * from a trust bundle. Every request carries a fresh proof, made before timing starts, in flat
 * strings as node:http hands headers over.
 *
 * A bare pipeline is timed as a reference, not as a candidate: per proof it splits the JWS,
 * decodes the signature, verifies it, JSON.parses the payload and remembers the jti in a Map,
 * and it checks nothing else (no header, claim, URL, method, age, or canonical encoding). No
 * verifier written in JavaScript that checks what a proof must carry can beat it, which puts
 * a ceiling over the PERFORMANCE.md target of 0.90 of the raw figures.
 *
 * Measured on a 2-core VM at load 0 (three runs): no token cache 0.908 to 0.917, token cache
 * 0.905 to 0.908, trust bundle 0.901 to 0.916, bare pipeline 0.951 to 0.957. The target holds
 * with little room: on a busy machine the ratios drop a few hundredths, the bare pipeline's
 * with them. What remains between verifier and bare pipeline is the checks themselves and the
 * cache lines their JavaScript takes from OpenSSL between two verifies.
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

type RawKind = 'ed' | 'p256' | 'both';

interface Contender {
  readonly label: string;
  readonly run?: Operation;
  readonly runAsync?: AsyncOperation;
  /** Which raw figure it is held against. */
  readonly raw: RawKind;
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

  const raws: Record<RawKind, Contender> = {
    ed: { label: 'raw Ed25519 verify', run: raw.ed, raw: 'ed' },
    p256: { label: 'raw P-256 verify', run: raw.p256, raw: 'p256' },
    both: { label: 'raw Ed25519 + P-256 (one of each)', run: raw.both, raw: 'both' },
  };
  const candidates: Contender[] = [
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
  const everyone = [...Object.values(raws), ...candidates];

  for (const contender of everyone) {
    for (let round = 0; round < WARMUP_OPS / OPS_PER_ROUND; round++) {
      await timeRound(contender, round * OPS_PER_ROUND);
    }
  }
  // Each candidate runs right next to its raw reference, first or second in turn by round.
  const times = new Map<Contender, number[]>(everyone.map((c) => [c, []]));
  const ratios = new Map<Contender, number[]>(candidates.map((c) => [c, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const from = WARMUP_OPS + round * OPS_PER_ROUND;
    times.get(raws.ed)?.push(await timeRound(raws.ed, from));
    for (const candidate of candidates) {
      const reference = raws[candidate.raw];
      const pair = round % 2 === 0 ? [reference, candidate] : [candidate, reference];
      const [first, second] = [await timeRound(pair[0]!, from), await timeRound(pair[1]!, from)];
      const [rawTime, ownTime] = round % 2 === 0 ? [first, second] : [second, first];
      times.get(reference)?.push(rawTime);
      times.get(candidate)?.push(ownTime);
      ratios.get(candidate)?.push(rawTime / ownTime);
    }
  }

  console.log(
    `Node ${process.version}, ${ROUNDS} rounds of ${OPS_PER_ROUND}, medians; ratio = raw time / time, paired`,
  );
  for (const contender of everyone) {
    const us = median(times.get(contender) as number[]) / 1000;
    const ratio = ratios.get(contender);
    const against = { ed: 'raw Ed25519', p256: 'raw P-256', both: 'raw Ed25519+P-256' }[
      contender.raw
    ];
    const note = ratio === undefined ? '' : `   ${median(ratio).toFixed(3)} x ${against}`;
    console.log(
      `${contender.label.padEnd(44)} ${us.toFixed(1).padStart(7)} µs ${Math.round(1e6 / us)
        .toLocaleString('en')
        .padStart(7)}/s${note}`,
    );
  }
}

await main();
