import type { JsonWebKey, KeyObject } from 'node:crypto';
import type { KeyDescription, SecurityLevel } from './key-description.js';
import type { AndroidAttestationPolicy } from './policy.js';
import type { Provisioning } from './provisioning.js';
import type { RevocationStatusList } from './revocation.js';
import type { RootOfTrust } from './structures.js';

export interface AndroidAttestationInput {
  /** Leaf first; DER bytes or PEM strings; the root certificate may be left out. */
  readonly chain: readonly (Uint8Array | string)[];
  /** The challenge the service issued for this attestation. */
  readonly challenge: Uint8Array;
  /** Trusted time of the verification. */
  readonly now: Date;
  /** Default: Google's hardware attestation root keys. */
  readonly trustedRootKeys?: readonly KeyObject[];
  readonly revocationList?: RevocationStatusList;
  readonly policy?: Partial<AndroidAttestationPolicy>;
}

/** Everything the evidence proves, before the attested key is put to use. */
export interface AndroidAttestationEvidence {
  readonly attestationVersion: number;
  readonly attestationSecurityLevel: SecurityLevel;
  readonly keymintVersion: number;
  readonly keymintSecurityLevel: SecurityLevel;
  readonly challenge: Uint8Array;
  readonly application: {
    readonly packages: readonly { readonly name: string; readonly version: number }[];
    /** Lowercase hex SHA-256 digests of the signing certificates. */
    readonly signatureDigests: readonly string[];
  };
  readonly rootOfTrust: RootOfTrust;
  readonly osVersion?: number;
  /** YYYYMM. */
  readonly osPatchLevel?: number;
  /** YYYYMMDD. */
  readonly vendorPatchLevel?: number;
  /** YYYYMMDD. */
  readonly bootPatchLevel?: number;
  /** KeyPurpose values (2 SIGN, 3 VERIFY, 7 ATTEST_KEY, ...). */
  readonly purposes: readonly number[];
  readonly provisioning: Provisioning;
  /** DER SubjectPublicKeyInfo of the attested key. */
  readonly publicKeySpki: Uint8Array;
  /** The leaf's full KeyDescription, for facts not lifted above (device ids, moduleHash). */
  readonly keyDescription: KeyDescription;
}

/** A verified attestation whose key can sign proofs of possession. */
export interface AndroidAttestation extends AndroidAttestationEvidence {
  readonly publicKey: KeyObject;
  readonly publicKeyJwk: JsonWebKey;
}
