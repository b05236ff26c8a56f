/**
 * Time to verify one Android Key Attestation chain, RKP and factory-provisioned, with the
 * clock pinned inside each chain's validity. Run: npx tsx bench/android-attestation.bench.ts
 * (or compile with tsc and run the output with node).
 */
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAndroidKeyAttestation } from '../libs/attestation/src/android/index.js';

const FIXTURES = join(process.cwd(), 'libs/attestation/test/fixtures/android-key');
const ROUNDS = 5;
const ITERATIONS = 300;

interface Vector {
  input: { chainPem: string[]; expectedChallengeHex: string; verifyAt: string };
}

function inputFor(file: string) {
  const vector = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Vector;
  return {
    chain: vector.input.chainPem,
    challenge: new Uint8Array(Buffer.from(vector.input.expectedChallengeHex, 'hex')),
    now: new Date(vector.input.verifyAt),
  };
}

const cases = [
  [
    'RKP, EC root (tegu sdk37, 5 certs)',
    inputFor('android-keyattestation_tegu_sdk37_TEE_MAX_USAGE_COUNT.json'),
  ],
  [
    'RKP, RSA root (caiman sdk36, 5 certs)',
    inputFor('android-keyattestation_caiman_sdk36_TEE_EC_RKP.json'),
  ],
  [
    'factory, RSA root (sony sdk33, 4 certs)',
    inputFor('android-keyattestation_sony-xperia10-iii_sdk33_TEE_EC.json'),
  ],
] as const;

// Baseline measured in the same run, so figures can be quoted as ratios on a busy machine.
const baseline = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const message = Buffer.alloc(300, 1);
const baselineSignature = sign('sha256', message, baseline.privateKey);

function timeBaseline(): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++)
    verify('sha256', message, baseline.publicKey, baselineSignature);
  return Number(process.hrtime.bigint() - start) / ITERATIONS / 1000;
}

function timeOnce(input: (typeof cases)[number][1]): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) verifyAndroidKeyAttestation(input);
  return Number(process.hrtime.bigint() - start) / ITERATIONS / 1000;
}

for (const [, input] of cases) timeOnce(input); // warm-up

const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
const baselineSamples: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  baselineSamples.push(timeBaseline());
  for (const [name, input] of cases) samples.get(name)?.push(timeOnce(input));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
const p256 = median(baselineSamples);
console.log(`baseline ECDSA P-256 verify: ${p256.toFixed(0)} µs`);

for (const [name, values] of samples) {
  const m = median(values);
  console.log(`${name}: median ${m.toFixed(0)} µs (${(m / p256).toFixed(1)}x a P-256 verify)`);
}
