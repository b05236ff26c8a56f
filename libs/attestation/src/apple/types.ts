import type { KeyObject, JsonWebKey } from 'node:crypto';

import type { AppAttestExtensions } from './authenticator-extensions.js';
import type { AppAttestEnvironment } from './environment.js';

export type { AppAttestExtensions, AppAttestEnvironment };

export interface AppAttestAttestationInput {
  /** The CBOR attestation object returned by DCAppAttestService.attestKey. */
  attestationObject: Uint8Array;
  /** The key identifier the app reports (raw bytes, 32). */
  keyId: Uint8Array;
  /** The clientDataHash the app passed to attestKey, exactly as passed. */
  clientDataHash: Uint8Array;
  /** `<teamId>.<bundleId>` of the approved app. */
  appId: string;
  /** The environment the approved app must attest in. */
  environment: AppAttestEnvironment;
  /** Trusted time for certificate validity. */
  now: Date;
  /** DER of the trust anchor; defaults to the pinned Apple App Attestation Root CA. */
  rootCertificate?: Uint8Array;
}

export interface AppAttestAttestation {
  publicKey: KeyObject;
  publicKeyJwk: JsonWebKey;
  keyId: Uint8Array;
  environment: AppAttestEnvironment;
  signCount: 0;
  /** The App Attest receipt (CMS SignedData), for later fraud-metric requests to Apple. */
  receipt: Uint8Array;
  /** OS version from the credential certificate, when present. */
  osVersion?: string;
  /** iOS 27+ authenticator-data extensions, when present. */
  extensions?: AppAttestExtensions;
}

export interface AppAttestAssertionInput {
  /** The CBOR assertion returned by DCAppAttestService.generateAssertion. */
  assertion: Uint8Array;
  /** The public key stored from the attestation. */
  publicKey: KeyObject | JsonWebKey;
  /** The clientDataHash the app passed to generateAssertion. */
  clientDataHash: Uint8Array;
  /** `<teamId>.<bundleId>` of the approved app. */
  appId: string;
  /** The highest counter accepted so far for this key (0 after attestation). */
  previousCounter: number;
}

export interface AppAttestAssertion {
  signCount: number;
  extensions?: AppAttestExtensions;
}
