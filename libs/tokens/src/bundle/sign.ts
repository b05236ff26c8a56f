import { sign, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';

import { jwkThumbprint } from '../thumbprint.js';
import {
  TRUST_BUNDLE_TYPE,
  type TrustBundleDocument,
  type TrustBundleKeyEntry,
  type TrustBundlePayload,
} from './format.js';

/** A public signing key with its window, as the service lists it for the next bundle. */
export interface BundleKeyInput {
  readonly jwk: JWK;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface CreateTrustBundleInput {
  readonly version: number;
  readonly issuer: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly keys: readonly BundleKeyInput[];
  /** Signs the bundle; the vendor's root key (Ed25519). */
  readonly rootKey: KeyObject;
  /** For a root rotation: the new root, which signs as well and is named as `nextRoot`. */
  readonly nextRootKey?: KeyObject;
}

/** Builds and signs a trust bundle; the text is what sites load. */
export function createTrustBundle(input: CreateTrustBundleInput): string {
  const payload = bundlePayload(input);
  const payloadSegment = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  const signers = [input.rootKey, ...(input.nextRootKey === undefined ? [] : [input.nextRootKey])];
  const document: TrustBundleDocument = {
    payload: payloadSegment,
    signatures: signers.map((key) => signPayload(key, payloadSegment)),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The public JWK of a root key, with its RFC 7638 thumbprint as kid. */
export function rootPublicJwk(key: KeyObject): JWK {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('a root key must be an Ed25519 key');
  }
  const { x } = key.export({ format: 'jwk' });
  const bare: JWK = { kty: 'OKP', crv: 'Ed25519', x };
  return { ...bare, kid: jwkThumbprint(bare) };
}

function bundlePayload(input: CreateTrustBundleInput): TrustBundlePayload {
  if (!Number.isSafeInteger(input.version) || input.version < 1) {
    throw new TypeError('version must be a positive integer');
  }
  if (typeof input.issuer !== 'string' || input.issuer === '') {
    throw new TypeError('issuer must be a non-empty string');
  }
  if (rfc3339(input.expiresAt, 'expiresAt') <= rfc3339(input.issuedAt, 'issuedAt')) {
    throw new TypeError('expiresAt must be after issuedAt');
  }
  if (input.keys.length === 0) {
    throw new TypeError('keys must list at least one signing key');
  }
  const nextRoot = input.nextRootKey === undefined ? undefined : rootPublicJwk(input.nextRootKey);
  return {
    version: input.version,
    issuer: input.issuer,
    issuedAt: rfc3339(input.issuedAt, 'issuedAt'),
    expiresAt: rfc3339(input.expiresAt, 'expiresAt'),
    keys: input.keys.map(bundleKeyEntry),
    ...(nextRoot !== undefined && { nextRoot }),
  };
}

function bundleKeyEntry(input: BundleKeyInput, index: number): TrustBundleKeyEntry {
  const { jwk } = input;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || 'd' in jwk) {
    throw new TypeError(`keys[${index}] must be an Ed25519 public JWK`);
  }
  const notBefore = rfc3339(input.notBefore, `keys[${index}].notBefore`);
  const notAfter = rfc3339(input.notAfter, `keys[${index}].notAfter`);
  if (notAfter <= notBefore) {
    throw new TypeError(`keys[${index}] notAfter must be after notBefore`);
  }
  return {
    kty: 'OKP',
    crv: 'Ed25519',
    x: jwk.x,
    kid: typeof jwk.kid === 'string' && jwk.kid !== '' ? jwk.kid : jwkThumbprint(jwk),
    alg: 'EdDSA',
    use: 'sig',
    notBefore,
    notAfter,
  };
}

function signPayload(key: KeyObject, payloadSegment: string) {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('bundle signers must be Ed25519 private keys');
  }
  const kid = rootPublicJwk(key).kid as string;
  const header = { alg: 'EdDSA', kid, typ: TRUST_BUNDLE_TYPE };
  const protectedSegment = Buffer.from(JSON.stringify(header), 'utf8').toString('base64url');
  const signature = sign(null, Buffer.from(`${protectedSegment}.${payloadSegment}`, 'latin1'), key);
  return { protected: protectedSegment, signature: signature.toString('base64url') };
}

/** RFC 3339 in UTC, whole seconds: `2027-01-31T12:00:00Z`. */
function rfc3339(date: Date, name: string): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) {
    throw new TypeError(`${name} must be a valid Date`);
  }
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
