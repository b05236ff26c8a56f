import { createPublicKey, hash, type KeyObject } from 'node:crypto';

import { isJsonObject } from './strict-json.js';

/** A public JWK as this library reads it; jose's JWK type is assignable to it. */
export interface PublicJwk {
  readonly kty?: string;
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: string;
}

/** Signature algorithm that fits a key: ES256 for EC P-256, EdDSA for OKP Ed25519. */
export type KeyAlgorithm = 'ES256' | 'EdDSA';

/** A validated public key: its algorithm, RFC 7638 thumbprint and required members only. */
export interface PublicKeyDescription {
  readonly alg: KeyAlgorithm;
  readonly thumbprint: string;
  readonly jwk: Readonly<Record<string, string>>;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];
const COORDINATE_32_BYTES = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/**
 * Validates a public EC P-256 or OKP Ed25519 JWK and computes its thumbprint. `fail` receives
 * what was wrong and must throw. Coordinates must be canonical base64url of 32 bytes, which
 * also keeps the thumbprint input free of anything but the base64url alphabet.
 */
export function describePublicJwk(
  value: unknown,
  fail: (reason: string) => never,
): PublicKeyDescription {
  if (!isJsonObject(value)) {
    return fail('must be a JSON object');
  }
  const privateMember = PRIVATE_MEMBERS.find((member) => member in value);
  if (privateMember !== undefined) {
    return fail(`must not contain the private member "${privateMember}"`);
  }
  const { kty, crv, x, y } = value;
  if (kty === 'EC' && crv === 'P-256' && isCoordinate(x) && isCoordinate(y)) {
    // RFC 7638 §3.2: required members in lexicographic order, no whitespace.
    const canonical = `{"crv":"P-256","kty":"EC","x":"${x}","y":"${y}"}`;
    return { alg: 'ES256', thumbprint: sha256(canonical), jwk: { kty, crv, x, y } };
  }
  if (kty === 'OKP' && crv === 'Ed25519' && isCoordinate(x) && y === undefined) {
    const canonical = `{"crv":"Ed25519","kty":"OKP","x":"${x}"}`;
    return { alg: 'EdDSA', thumbprint: sha256(canonical), jwk: { kty, crv, x } };
  }
  return fail('must be an EC P-256 or OKP Ed25519 public key with 32-byte coordinates');
}

/** Imports a validated key; undefined when the point is not on the curve. */
export function importPublicKey(description: PublicKeyDescription): KeyObject | undefined {
  try {
    return createPublicKey({ key: description.jwk, format: 'jwk' });
  } catch {
    return undefined;
  }
}

function isCoordinate(value: unknown): value is string {
  return typeof value === 'string' && COORDINATE_32_BYTES.test(value);
}

function sha256(text: string): string {
  return hash('sha256', text, 'base64url');
}
