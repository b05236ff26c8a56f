import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';

import { DPOP_TYPE } from './claims.js';
import { publicConfirmationJwk } from './confirmation-key.js';

export type DpopAlgorithm = 'ES256' | 'EdDSA';

export interface CreateDpopProofInput {
  /** The installation's private proof-of-possession key (P-256, or Ed25519). */
  readonly privateKey: KeyObject;
  /** Its public half; embedded in the proof header. */
  readonly publicJwk: JWK;
  /** HTTP method of the request, e.g. `GET`. */
  readonly method: string;
  /** Absolute URL of the request; query and fragment are dropped. */
  readonly url: string;
  /** The attestation token sent with the request; bound through `ath`. */
  readonly accessToken?: string;
  readonly now: Date;
  readonly jti?: string;
  /** Defaults to the algorithm that fits the key. */
  readonly alg?: DpopAlgorithm;
}

/** Signs a DPoP proof (RFC 9449 §4.2) for one HTTP request. */
export async function createDpopProof(input: CreateDpopProofInput): Promise<string> {
  const alg = algorithmFor(input.privateKey, input.alg);
  const jwk = publicConfirmationJwk(input.publicJwk);
  if ((alg === 'ES256') !== (jwk.kty === 'EC')) {
    throw new TypeError(`publicJwk does not fit alg ${alg}`);
  }
  if (!/^[A-Z]+$/.test(input.method)) {
    throw new TypeError('method must be an upper-case HTTP method');
  }
  const nowMs = input.now.getTime();
  if (!Number.isFinite(nowMs)) {
    throw new TypeError('now must be a valid Date');
  }
  const claims: Record<string, string | number> = {
    jti: input.jti ?? randomBytes(16).toString('base64url'),
    htm: input.method,
    htu: dpopTargetUri(input.url),
    iat: Math.floor(nowMs / 1000),
  };
  if (input.accessToken !== undefined) {
    claims.ath = accessTokenHash(input.accessToken);
  }
  return new SignJWT(claims)
    .setProtectedHeader({ typ: DPOP_TYPE, alg, jwk })
    .sign(input.privateKey);
}

/** `ath`: base64url SHA-256 of the ASCII access token (RFC 9449 §4.2). */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

/**
 * `htu`: the request URI without query and fragment (RFC 9449 §4.2), in the normal form of
 * the WHATWG URL parser (lower-case scheme and host, no default port, dot segments removed).
 */
export function dpopTargetUri(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('url must be an absolute URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError('url must be an http or https URL');
  }
  return `${parsed.origin}${parsed.pathname}`;
}

function algorithmFor(privateKey: KeyObject, requested: DpopAlgorithm | undefined): DpopAlgorithm {
  const details = privateKey.asymmetricKeyDetails;
  const fitting =
    privateKey.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1'
      ? 'ES256'
      : privateKey.asymmetricKeyType === 'ed25519'
        ? 'EdDSA'
        : undefined;
  if (privateKey.type !== 'private' || fitting === undefined) {
    throw new TypeError('privateKey must be a P-256 or Ed25519 private key');
  }
  if (requested !== undefined && requested !== fitting) {
    throw new TypeError(`alg ${requested} does not fit the private key`);
  }
  return fitting;
}
