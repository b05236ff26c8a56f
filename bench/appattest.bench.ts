/**
 * What one App Attest check costs on the service: an attestation (once per installation), an
 * assertion (every refresh) and an offline receipt check, against a raw ECDSA P-256 verify.
 *
 * Run:  npx tsc -p bench/tsconfig.json && node dist/bench/bench/appattest.bench.js
 *
 * Inputs are real device vectors from libs/attestation/test/fixtures/appattest, with the clock
 * pinned to each vector's verifyAt. Interleaved rounds, medians reported.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { decode } from 'cbor-x';

import {
  verifyAppAttestAssertion,
  verifyAppAttestAttestation,
  parseAppAttestReceipt,
  verifyAppAttestReceipt,
} from '../libs/attestation/src/apple/index.js';

const ROUNDS = 7;
const WARMUP_OPS = 300;
const FIXTURES = join(process.cwd(), 'libs/attestation/test/fixtures/appattest');

const load = (file: string) =>
  (JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { input: Record<string, string> })
    .input;
const b64 = (value: string) => new Uint8Array(Buffer.from(value, 'base64'));
const hex = (value: string) => new Uint8Array(Buffer.from(value, 'hex'));

const attestation = load('uebelack_node-app-attest_production_attestation.json');
const assertion = load('uebelack_node-app-attest_assertion.json');
const attestationInput = {
  attestationObject: b64(attestation.attestationObjectBase64!),
  keyId: b64(attestation.keyIdBase64!),
  clientDataHash: hex(attestation.clientDataHashHex!),
  appId: attestation.appId!,
  environment: 'production' as const,
  now: new Date(attestation.verifyAt!),
};
const publicKey = createPublicKey(assertion.publicKeyPem!);
const assertionInput = {
  assertion: b64(assertion.assertionBase64!),
  publicKey,
  clientDataHash: hex(assertion.clientDataHashHex!),
  appId: assertion.appId!,
  previousCounter: 0,
};
const assertionJwkInput = { ...assertionInput, publicKey: publicKey.export({ format: 'jwk' }) };
const decoded = decode(assertionInput.assertion) as {
  signature: Uint8Array;
  authenticatorData: Uint8Array;
};
const nonce = createHash('sha256')
  .update(decoded.authenticatorData)
  .update(assertionInput.clientDataHash)
  .digest();
const receipt = (decode(attestationInput.attestationObject) as { attStmt: { receipt: Uint8Array } })
  .attStmt.receipt;

// A receipt is checked at the time Apple issued it; its signing certificates rotate often.
const receiptTime = parseAppAttestReceipt(receipt).creationTime;

const cases: [string, number, () => unknown][] = [
  ['raw ECDSA P-256 verify', 3000, () => verify('sha256', nonce, publicKey, decoded.signature)],
  ['verifyAppAttestAssertion (KeyObject)', 3000, () => verifyAppAttestAssertion(assertionInput)],
  ['verifyAppAttestAssertion (JWK)', 3000, () => verifyAppAttestAssertion(assertionJwkInput)],
  ['verifyAppAttestAttestation', 300, () => verifyAppAttestAttestation(attestationInput)],
  ['verifyAppAttestReceipt', 300, () => verifyAppAttestReceipt({ receipt, now: receiptTime })],
];

function run(fn: () => unknown, ops: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1000 / ops;
}

for (const [, ops, fn] of cases) run(fn, Math.min(ops, WARMUP_OPS));
const samples = cases.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  cases.forEach(([, ops, fn], i) => samples[i]!.push(run(fn, ops)));
}
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const baseline = median(samples[0]!);
console.log(`node ${process.version}, ${ROUNDS} interleaved rounds, median µs per operation`);
cases.forEach(([name], i) => {
  const us = median(samples[i]!);
  console.log(
    `${name.padEnd(40)} ${us.toFixed(1).padStart(8)} µs  ${(1e6 / us).toFixed(0).padStart(7)}/s  ${(us / baseline).toFixed(2)}× raw`,
  );
});
