import type { JWK } from 'jose';

/** JOSE `typ` of an attestation token (draft-ietf-oauth-attestation-based-client-auth). */
export const TOKEN_TYPE = 'oauth-client-attestation+jwt';

/** JOSE `alg` of every attestation token: Ed25519 (RFC 8037). */
export const TOKEN_ALGORITHM = 'EdDSA';

/** JOSE `typ` of a DPoP proof (RFC 9449 §4.2). */
export const DPOP_TYPE = 'dpop+jwt';

export type AppPlatform = 'android' | 'ios';

/** What the service established about the attested app; carried under the `app` claim. */
export interface AppFacts {
  /** Tessera's id of the approved app. */
  readonly id: string;
  readonly platform: AppPlatform;
  /** Android application id. */
  readonly packageName?: string;
  /** iOS bundle id. */
  readonly bundleId?: string;
  /** iOS team id. */
  readonly teamId?: string;
  /** Version name (Android) or CFBundleShortVersionString (iOS). */
  readonly version?: string;
  /** App Attest environment, e.g. `production` or `development`. */
  readonly environment?: string;
}

/** Proof-of-possession key confirmation (RFC 7800 §3.2). */
export interface Confirmation {
  readonly jwk: JWK;
}

/** The payload of an attestation token. */
export interface AttestationTokenClaims {
  readonly iss: string;
  /** The installation id. */
  readonly sub: string;
  /** Customer deployment ids this token may be presented to. */
  readonly aud: readonly string[];
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  readonly jti: string;
  readonly cnf: Confirmation;
  readonly app: AppFacts;
}

/** The protected header of an attestation token. */
export interface AttestationTokenHeader {
  readonly alg: typeof TOKEN_ALGORITHM;
  readonly kid: string;
  readonly typ: typeof TOKEN_TYPE;
}
