import type { JWK } from 'jose';

const BASE64URL_32_BYTES = /^[A-Za-z0-9_-]{43}$/;

/**
 * The required public members of a proof-of-possession key, for the `cnf.jwk` claim.
 * Refuses private keys and key types a verifier would not accept.
 */
export function publicConfirmationJwk(jwk: JWK): JWK {
  if ('d' in jwk) {
    throw new TypeError('confirmationJwk must be a public key (it has a "d" member)');
  }
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') {
    return { kty: 'EC', crv: 'P-256', x: coordinate('x', jwk.x), y: coordinate('y', jwk.y) };
  }
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    return { kty: 'OKP', crv: 'Ed25519', x: coordinate('x', jwk.x) };
  }
  throw new TypeError('confirmationJwk must be an EC P-256 or OKP Ed25519 public key');
}

function coordinate(name: string, value: string | undefined): string {
  if (value === undefined || !BASE64URL_32_BYTES.test(value)) {
    throw new TypeError(`confirmationJwk.${name} must be 32 bytes in base64url`);
  }
  return value;
}
