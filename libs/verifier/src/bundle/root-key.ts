import { createPublicKey, type KeyObject } from 'node:crypto';

import { describePublicJwk, type PublicJwk } from '../jwk.js';
import { rootKeyFrom, type RootKey } from './payload.js';

/**
 * The pinned root key from the operator's configuration: an Ed25519 public JWK, a PEM
 * `PUBLIC KEY`, or a KeyObject. A wrong value is the operator's mistake: TypeError.
 */
export function readPinnedRoot(value: PublicJwk | string | KeyObject): RootKey {
  const fail = (reason: string): never => {
    throw new TypeError(`rootPublicKey ${reason}`);
  };
  let jwk: unknown = value;
  if (typeof value === 'string' || isKeyObject(value)) {
    jwk = publicJwkOf(value, fail);
  }
  const description = describePublicJwk(jwk, fail);
  return rootKeyFrom(description, () => new TypeError('rootPublicKey must be an Ed25519 key'));
}

function publicJwkOf(value: string | KeyObject, fail: (reason: string) => never): unknown {
  // createPublicKey would derive the public half of a private PEM: never load the root itself.
  if (typeof value === 'string' && value.includes('PRIVATE KEY')) {
    return fail('must be the public key, not the private root key');
  }
  try {
    const key = typeof value === 'string' ? createPublicKey(value) : value;
    if (key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') {
      return fail('must be an Ed25519 public key');
    }
    return key.export({ format: 'jwk' });
  } catch (error) {
    return error instanceof TypeError && error.message.startsWith('rootPublicKey')
      ? fail(error.message.slice('rootPublicKey '.length))
      : fail('must be a PEM public key');
  }
}

function isKeyObject(value: unknown): value is KeyObject {
  return typeof value === 'object' && value !== null && 'asymmetricKeyType' in value;
}
