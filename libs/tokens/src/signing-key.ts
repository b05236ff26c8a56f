import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';

import { jwkThumbprint } from './thumbprint.js';

/** An Ed25519 key that signs attestation tokens; `kid` is its RFC 7638 thumbprint. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: JWK;
}

/** Creates a fresh Ed25519 signing key. */
export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return signingKeyFrom(privateKey, publicKey);
}

/** Describes an existing Ed25519 key pair as a signing key (kid = RFC 7638 thumbprint). */
export function signingKeyFrom(privateKey: KeyObject, publicKey: KeyObject): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519' || privateKey.type !== 'private') {
    throw new TypeError('privateKey must be an Ed25519 private key');
  }
  if (publicKey.asymmetricKeyType !== 'ed25519' || publicKey.type !== 'public') {
    throw new TypeError('publicKey must be an Ed25519 public key');
  }
  const exported = publicKey.export({ format: 'jwk' });
  const bare: JWK = { kty: 'OKP', crv: 'Ed25519', x: exported.x };
  const kid = jwkThumbprint(bare);
  return { kid, privateKey, publicJwk: { ...bare, kid, alg: 'EdDSA', use: 'sig' } };
}
