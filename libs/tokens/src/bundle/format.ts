import type { JWK } from 'jose';

/** JOSE `typ` of every trust bundle signature. */
export const TRUST_BUNDLE_TYPE = 'tessera-trust-bundle+json';

/** A token-signing public key and the window in which it may sign (RFC 3339, end exclusive). */
export interface TrustBundleKeyEntry {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
  readonly alg: 'EdDSA';
  readonly use: 'sig';
  readonly notBefore: string;
  readonly notAfter: string;
}

/** The signed contents of a trust bundle, exactly as serialised. */
export interface TrustBundlePayload {
  readonly version: number;
  readonly issuer: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly keys: readonly TrustBundleKeyEntry[];
  /** The next root public key; only in a bundle signed by the current root and by it. */
  readonly nextRoot?: JWK;
}

/** A bundle in the JWS JSON General Serialization (RFC 7515 §7.2.1). */
export interface TrustBundleDocument {
  readonly payload: string;
  readonly signatures: readonly { readonly protected: string; readonly signature: string }[];
}
