import type { KeyObject } from 'node:crypto';

import { describePublicJwk, importPublicKey, type PublicJwk } from './jwk.js';

/** Most vendor signing keys one verifier is configured with. */
export const MAX_TRUSTED_KEYS = 32;

/**
 * Imports the vendor's Ed25519 public keys once, indexed by `kid`. Configuration errors are
 * the operator's to fix, so they are TypeErrors naming the key.
 */
export function importTrustedKeys(keys: readonly PublicJwk[]): ReadonlyMap<string, KeyObject> {
  if (keys.length === 0 || keys.length > MAX_TRUSTED_KEYS) {
    throw new TypeError(`keys must hold 1 to ${MAX_TRUSTED_KEYS} Ed25519 public keys`);
  }
  const byKid = new Map<string, KeyObject>();
  for (const [index, jwk] of keys.entries()) {
    const label = `keys[${index}]`;
    const fail = (reason: string): never => {
      throw new TypeError(`${label} ${reason}`);
    };
    if (typeof jwk.kid !== 'string' || jwk.kid === '') {
      fail('must have a kid');
    }
    if (byKid.has(jwk.kid as string)) {
      fail(`repeats kid ${jwk.kid}`);
    }
    if (
      (jwk.alg !== undefined && jwk.alg !== 'EdDSA') ||
      (jwk.use !== undefined && jwk.use !== 'sig')
    ) {
      fail('must be meant for EdDSA signatures');
    }
    const description = describePublicJwk(jwk, fail);
    const key = description.alg === 'EdDSA' ? importPublicKey(description) : undefined;
    if (key === undefined) {
      return fail('must be a valid OKP Ed25519 public key');
    }
    byKid.set(jwk.kid as string, key);
  }
  return byKid;
}
