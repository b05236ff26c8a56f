import { createPublicKey, hash, type KeyObject } from 'node:crypto';

import { isWeakEd25519Key } from './ed25519-point.js';
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

/** A validated public key: its algorithm and required members only. */
export interface PublicKeyMembers {
  readonly alg: KeyAlgorithm;
  readonly jwk: Readonly<Record<string, string>>;
}

/** A validated public key with its RFC 7638 thumbprint. */
export interface PublicKeyDescription extends PublicKeyMembers {
  readonly thumbprint: string;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];
const COORDINATE_32_BYTES = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/**
 * Validates a public EC P-256 or OKP Ed25519 JWK. `fail` receives what was wrong and must
 * throw. An Ed25519 key of small order, for which signatures can be made without a private
 * key, is refused (ed25519-point.ts); a P-256 point off the curve is refused on import.
 * Coordinates must be canonical base64url of 32 bytes, so one key has one spelling:
 * two keys are the same exactly when their members are equal, and the thumbprint input holds
 * nothing but the base64url alphabet.
 */
export function readPublicJwk(value: unknown, fail: (reason: string) => never): PublicKeyMembers {
  if (!isJsonObject(value)) {
    return fail('must be a JSON object');
  }
  const privateMember = PRIVATE_MEMBERS.find((member) => member in value);
  if (privateMember !== undefined) {
    return fail(`must not contain the private member "${privateMember}"`);
  }
  const { kty, crv, x, y } = value;
  if (kty === 'EC' && crv === 'P-256' && isCoordinate(x) && isCoordinate(y)) {
    return { alg: 'ES256', jwk: { kty, crv, x, y } };
  }
  if (kty === 'OKP' && crv === 'Ed25519' && isCoordinate(x) && y === undefined) {
    if (isWeakEd25519Key(x)) {
      return fail('must not be a small-order or non-canonical Ed25519 point');
    }
    return { alg: 'EdDSA', jwk: { kty, crv, x } };
  }
  return fail('must be an EC P-256 or OKP Ed25519 public key with 32-byte coordinates');
}

/** Validates a public JWK as `readPublicJwk` does and computes its RFC 7638 thumbprint. */
export function describePublicJwk(
  value: unknown,
  fail: (reason: string) => never,
): PublicKeyDescription {
  const key = readPublicJwk(value, fail);
  const { x, y } = key.jwk;
  // RFC 7638 §3.2: required members in lexicographic order, no whitespace.
  const canonical =
    key.alg === 'ES256'
      ? `{"crv":"P-256","kty":"EC","x":"${x}","y":"${y}"}`
      : `{"crv":"Ed25519","kty":"OKP","x":"${x}"}`;
  return { ...key, thumbprint: hash('sha256', canonical, 'base64url') };
}

/** Whether two validated keys are one key; the same as comparing their thumbprints. */
export function isSameKey(a: PublicKeyMembers, b: PublicKeyMembers): boolean {
  return a.alg === b.alg && a.jwk.x === b.jwk.x && a.jwk.y === b.jwk.y;
}

/** Imports a validated key; undefined when the point is not on the curve. */
export function importPublicKey(description: PublicKeyMembers): KeyObject | undefined {
  try {
    return createPublicKey({ key: description.jwk, format: 'jwk' });
  } catch {
    return undefined;
  }
}

function isCoordinate(value: unknown): value is string {
  return typeof value === 'string' && COORDINATE_32_BYTES.test(value);
}
