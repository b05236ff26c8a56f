import { verify, type KeyObject } from 'node:crypto';

import type { BoundedCache } from './bounded-cache.js';
import { readJti, readNumericDate } from './claims.js';
import { splitCompactJws } from './compact-jws.js';
import { VerificationError } from './errors.js';
import { checkProofHeader, type ProofHeader } from './proof-header.js';
import {
  importPublicKey,
  isSameKey,
  type KeyAlgorithm,
  type PublicKeyDescription,
  type PublicKeyMembers,
} from './jwk.js';
import { MAX_JSON_DEPTH } from './limits.js';
import { decodeJsonSegment } from './strict-json.js';
import { dpopTargetUri } from './target-uri.js';

const SIGNATURE_BYTES = 64; // ES256 (r || s, RFC 7518 §3.4) and Ed25519 alike

export interface ProofContext {
  readonly method: string;
  /** The request URL in `dpopTargetUri` form. */
  readonly targetUri: string;
  /** The request URL as received, when `targetUri` was derived from it: spares parsing an equal `htu`. */
  readonly requestUrl?: string;
  /** base64url SHA-256 of the token, for `ath`. */
  readonly tokenHash: string;
  /** The token's `cnf.jwk`. */
  readonly confirmation: PublicKeyMembers;
  readonly now: number;
  readonly clockSkewSeconds: number;
  readonly proofMaxAgeSeconds: number;
  readonly algorithms: ReadonlySet<KeyAlgorithm>;
  readonly keyCache: BoundedCache<string, KeyObject>;
  readonly headerCache: BoundedCache<string, ProofHeader>;
}

export interface VerifiedProof {
  readonly jti: string;
  readonly issuedAt: number;
  /** RFC 7638 thumbprint of the proof key, which is the token's `cnf.jwk`. */
  readonly keyThumbprint: string;
}

/** Checks a DPoP proof against the request and the token (RFC 9449 §4.3), except replay. */
export function verifyProof(proof: string, context: ProofContext): VerifiedProof {
  const jws = splitCompactJws(proof);
  if (jws === undefined) {
    throw refuse('PROOF_MALFORMED', 'proof must be a compact JWS');
  }

  // typ, alg, jwk (RFC 9449 §4.3 steps 2-7), checked once per distinct header.
  const { alg, key } = cachedHeader(jws.headerSegment, context);

  // RFC 9449 §7.1: the proof key is the one the token is bound to.
  if (!isSameKey(key, context.confirmation)) {
    throw refuse('PROOF_KEY_MISMATCH', 'proof header jwk is not the key bound in token cnf.jwk');
  }

  const publicKey = cachedKey(key, context.keyCache);
  const signatureValid =
    jws.signature.length === SIGNATURE_BYTES &&
    (alg === 'ES256'
      ? verify(
          'sha256',
          jws.signingInput,
          { key: publicKey, dsaEncoding: 'ieee-p1363' },
          jws.signature,
        )
      : verify(null, jws.signingInput, publicKey, jws.signature));
  if (!signatureValid) {
    throw refuse('PROOF_SIGNATURE_INVALID', 'proof signature does not verify');
  }

  const claims = decodeJsonSegment(jws.payloadSegment, MAX_JSON_DEPTH);
  if (claims === undefined) {
    throw refuse('PROOF_MALFORMED', 'proof payload must be a JSON object');
  }

  if (claims.htm !== context.method) {
    throw refuse('PROOF_METHOD_MISMATCH', 'proof claim htm does not match the request method');
  }

  // RFC 9449 §4.3 step 9: compared without query and fragment, after normalisation.
  if (targetUriOf(claims.htu, context) !== context.targetUri) {
    throw refuse('PROOF_URL_MISMATCH', 'proof claim htu does not match the request URL');
  }

  const issuedAt = readNumericDate(claims.iat);
  if (issuedAt === undefined) {
    throw refuse('PROOF_CLAIM_INVALID', 'proof claim iat must be integer seconds');
  }
  if (issuedAt > context.now + context.clockSkewSeconds) {
    throw refuse('PROOF_FROM_FUTURE', 'proof claim iat is in the future');
  }
  if (issuedAt < context.now - context.proofMaxAgeSeconds) {
    throw refuse('PROOF_STALE', 'proof claim iat is older than the accepted proof age');
  }

  // RFC 9449 §4.3 step 12: the proof was made for this very token.
  if (claims.ath !== context.tokenHash) {
    throw refuse('PROOF_TOKEN_HASH_MISMATCH', 'proof claim ath is not the hash of the token');
  }

  const jti = readJti(claims.jti);
  if (jti === undefined) {
    throw refuse('PROOF_CLAIM_INVALID', 'proof claim jti must be a non-empty string');
  }

  return { jti, issuedAt, keyThumbprint: key.thumbprint };
}

/** `htu` in `dpopTargetUri` form; the very string of the request URL normalises alike. */
function targetUriOf(htu: unknown, context: ProofContext): string | undefined {
  if (typeof htu !== 'string') {
    return undefined;
  }
  return htu === context.requestUrl ? context.targetUri : dpopTargetUri(htu);
}

function cachedHeader(segment: string, context: ProofContext): ProofHeader {
  const cached = context.headerCache.get(segment);
  if (cached !== undefined) {
    return cached;
  }
  const header = checkProofHeader(segment, context.algorithms);
  context.headerCache.set(segment, header);
  return header;
}

function cachedKey(key: PublicKeyDescription, cache: BoundedCache<string, KeyObject>): KeyObject {
  const cached = cache.get(key.thumbprint);
  if (cached !== undefined) {
    return cached;
  }
  const imported = importPublicKey(key);
  if (imported === undefined) {
    throw refuse('PROOF_KEY_INVALID', 'proof header jwk is not a point on its curve');
  }
  cache.set(key.thumbprint, imported);
  return imported;
}

function refuse(code: VerificationError['code'], message: string): VerificationError {
  return new VerificationError(code, message);
}
