import type { BundleContents, BundleKey } from './payload.js';

/** A token-signing key as a verified bundle lists it. */
export interface TrustBundleKey {
  readonly kid: string;
  readonly jwk: Readonly<Record<string, string>>;
  /** The key may sign tokens whose `iat` is at or after this instant... */
  readonly notBefore: Date;
  /** ...and before this one. */
  readonly notAfter: Date;
}

/**
 * A trust bundle whose signatures, version and dates were checked. Only `acceptTrustBundle`
 * and `loadTrustBundle` make one; a verifier refuses any other object.
 */
export interface TrustBundle {
  readonly version: number;
  readonly issuer: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly keys: readonly TrustBundleKey[];
  /** RFC 7638 thumbprint of the root this site trusts after accepting the bundle. */
  readonly rootKid: string;
}

const verified = new WeakMap<TrustBundle, BundleContents>();

export function registerTrustBundle(contents: BundleContents, rootKid: string): TrustBundle {
  const bundle: TrustBundle = Object.freeze({
    version: contents.version,
    issuer: contents.issuer,
    issuedAt: new Date(contents.issuedAt),
    expiresAt: new Date(contents.expiresAt),
    keys: Object.freeze(contents.keys.map(describeKey)),
    rootKid,
  });
  verified.set(bundle, contents);
  return bundle;
}

/** The checked contents behind a bundle, or undefined for an object not made here. */
export function verifiedContents(bundle: TrustBundle): BundleContents | undefined {
  return verified.get(bundle);
}

function describeKey(key: BundleKey): TrustBundleKey {
  return Object.freeze({
    kid: key.kid,
    jwk: key.jwk,
    notBefore: new Date(key.notBefore),
    notAfter: new Date(key.notAfter),
  });
}
