import { verify, type KeyObject } from 'node:crypto';

import type { BoundedCache } from './bounded-cache.js';
import { readJti, readNumericDate } from './claims.js';
import { splitCompactJws } from './compact-jws.js';
import { VerificationError } from './errors.js';
import {
  describePublicJwk,
  importPublicKey,
  type KeyAlgorithm,
  type PublicKeyDescription,
} from './jwk.js';
import { MAX_JSON_DEPTH } from './limits.js';
import { decodeJsonSegment } from './strict-json.js';
import { dpopTargetUri } from './target-uri.js';

/** JOSE `typ` of a DPoP proof (RFC 9449 §4.2). */
export const PROOF_TYPE = 'dpop+jwt';

const SIGNATURE_BYTES = 64; // ES256 (r || s, RFC 7518 §3.4) and Ed25519 alike
const KEY_SELECTING_MEMBERS = ['crit', 'kid', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256'];

export interface ProofContext {
  readonly method: string;
  /** The request URL in `dpopTargetUri` form. */
  readonly targetUri: string;
  /** base64url SHA-256 of the token, for `ath`. */
  readonly tokenHash: string;
  /** The token's `cnf.jwk`. */
  readonly confirmation: PublicKeyDescription;
  readonly now: number;
  readonly clockSkewSeconds: number;
  readonly proofMaxAgeSeconds: number;
  readonly algorithms: ReadonlySet<KeyAlgorithm>;
  readonly keyCache: BoundedCache<string, KeyObject>;
}

export interface VerifiedProof {
  readonly jti: string;
  readonly issuedAt: number;
}

/** Checks a DPoP proof against the request and the token (RFC 9449 §4.3), except replay. */
export function verifyProof(proof: string, context: ProofContext): VerifiedProof {
  const jws = splitCompactJws(proof, MAX_JSON_DEPTH);
  if (jws === undefined) {
    throw refuse('PROOF_MALFORMED', 'proof must be a compact JWS with a JSON object header');
  }
  const { typ, alg, jwk } = jws.header;

  if (typ !== PROOF_TYPE) {
    throw refuse('PROOF_TYPE_INVALID', `proof header typ must be ${PROOF_TYPE}`);
  }

  // Asymmetric algorithms only; never "none" or HMAC (RFC 9449 §4.3 steps 5-6).
  if (typeof alg !== 'string' || !context.algorithms.has(alg as KeyAlgorithm)) {
    throw refuse(
      'PROOF_ALG_NOT_ALLOWED',
      `proof header alg must be one of ${[...context.algorithms].join(', ')}`,
    );
  }

  // The key is the embedded jwk; nothing else may point at one.
  const selector = KEY_SELECTING_MEMBERS.find((member) => member in jws.header);
  if (selector !== undefined) {
    throw refuse('PROOF_MALFORMED', `proof header must not contain ${selector}`);
  }

  // RFC 9449 §4.3 step 7: a public key, of a type that fits alg.
  const key = describePublicJwk(jwk, (reason) => {
    throw refuse('PROOF_KEY_INVALID', `proof header jwk ${reason}`);
  });
  if (key.alg !== alg) {
    throw refuse('PROOF_KEY_INVALID', `proof header jwk does not fit alg ${alg}`);
  }

  // RFC 9449 §7.1: the proof key is the one the token is bound to.
  if (key.thumbprint !== context.confirmation.thumbprint) {
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
  const htu = typeof claims.htu === 'string' ? dpopTargetUri(claims.htu) : undefined;
  if (htu !== context.targetUri) {
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

  return { jti, issuedAt };
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
