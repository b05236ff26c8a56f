import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { AttestationErrorCode } from '../../src/errors.js';

export const FIXTURE_DIR = join(__dirname, '..', 'fixtures', 'appattest');

export interface NegativeCase {
  change: Record<string, unknown>;
  expect: string;
}

export interface Vector<I> {
  file: string;
  kind: string;
  input: I;
  facts: Record<string, unknown>;
  expect: Record<string, unknown>;
  negativeCases: NegativeCase[];
}

export interface AttestationVectorInput {
  attestationObjectBase64: string;
  keyIdBase64: string;
  appId: string;
  environment: 'production' | 'development';
  clientDataHashHex: string;
  verifyAt: string;
}

export interface AssertionVectorInput {
  assertionBase64: string;
  publicKeyPem: string;
  appId: string;
  clientDataBase64: string;
  clientDataHashHex: string;
  previousCounter: number;
}

export function loadVectors<I>(kind: string): Vector<I>[] {
  return readdirSync(FIXTURE_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({
      file,
      ...(JSON.parse(readFileSync(join(FIXTURE_DIR, file), 'utf8')) as object),
    }))
    .filter((vector) => (vector as { kind?: string }).kind === kind)
    .map((vector) => ({ negativeCases: [], facts: {}, ...vector }) as unknown as Vector<I>);
}

export function loadFixture<T>(file: string): T {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, file), 'utf8')) as T;
}

/** The vectors describe rejections in words; each maps to exactly one error code. */
const REJECTION_CODES: [RegExp, AttestationErrorCode][] = [
  [/credential certificate expired/, 'CERTIFICATE_EXPIRED'],
  [/credential certificate not yet valid/, 'CERTIFICATE_NOT_YET_VALID'],
  [/rpIdHash/, 'APP_ID_MISMATCH'],
  [/aaguid does not match expected environment/, 'ENVIRONMENT_MISMATCH'],
  [/nonce in credential certificate mismatch/, 'NONCE_MISMATCH'],
  [/keyId != SHA-256\(public key\)/, 'KEY_ID_MISMATCH'],
  [/counter did not increase/, 'COUNTER_NOT_INCREASING'],
  [/signature does not verify/, 'ASSERTION_SIGNATURE_INVALID'],
];

export function expectedCode(description: string): AttestationErrorCode {
  const match = REJECTION_CODES.find(([pattern]) => pattern.test(description));
  if (!match) {
    throw new Error(`No error code known for vector expectation "${description}"`);
  }
  return match[1];
}

export const fromBase64 = (value: string) => new Uint8Array(Buffer.from(value, 'base64'));
export const fromHex = (value: string) => new Uint8Array(Buffer.from(value, 'hex'));
