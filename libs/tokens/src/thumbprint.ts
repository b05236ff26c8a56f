import { createHash } from 'node:crypto';
import type { JWK } from 'jose';

/**
 * RFC 7638 SHA-256 thumbprint of an Ed25519 (OKP) or P-256 (EC) public JWK, base64url.
 * Synchronous, unlike jose's calculateJwkThumbprint, so key generation can stay synchronous.
 */
export function jwkThumbprint(jwk: JWK): string {
  // RFC 7638 §3.2: only the required members, in lexicographic order, no whitespace.
  let canonical: string;
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string') {
    canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  } else if (
    jwk.kty === 'EC' &&
    jwk.crv === 'P-256' &&
    typeof jwk.x === 'string' &&
    typeof jwk.y === 'string'
  ) {
    canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  } else {
    throw new TypeError('jwk must be an OKP Ed25519 or EC P-256 public key');
  }
  return createHash('sha256').update(canonical).digest('base64url');
}
