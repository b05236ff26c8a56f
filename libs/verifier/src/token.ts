import { verify, type KeyObject } from 'node:crypto';

import {
  readAppFacts,
  readAudience,
  readJti,
  readNumericDate,
  readText,
  type AppFacts,
} from './claims.js';
import type { BoundedCache } from './bounded-cache.js';
import { splitCompactJws } from './compact-jws.js';
import { VerificationError } from './errors.js';
import { readPublicJwk, type PublicKeyMembers } from './jwk.js';
import { MAX_JSON_DEPTH, MAX_TOKEN_LIFETIME_SECONDS } from './limits.js';
import { decodeJsonSegment, isJsonObject } from './strict-json.js';

/** JOSE `typ` of an attestation token (draft-ietf-oauth-attestation-based-client-auth). */
export const TOKEN_TYPE = 'oauth-client-attestation+jwt';

const ED25519_SIGNATURE_BYTES = 64;
const TOKEN_HEADER_MEMBERS = 3; // alg, kid, typ and nothing else

/** When a key may sign, from a trust bundle: epoch milliseconds, end exclusive. */
export interface KeyWindow {
  readonly notBefore: number;
  readonly notAfter: number;
}

export interface TokenPolicy {
  readonly issuer: string;
  readonly deployment: string;
  readonly keys: ReadonlyMap<string, KeyObject>;
  /** Present when the keys come from a trust bundle: every key then has a window. */
  readonly keyWindows?: ReadonlyMap<string, KeyWindow>;
  readonly clockSkewSeconds: number;
}

/** A token whose signature and claims were checked; times are epoch seconds. */
export interface VerifiedToken {
  readonly installationId: string;
  readonly app: AppFacts;
  readonly audience: readonly string[];
  readonly tokenId: string;
  readonly issuedAt: number;
  readonly notBefore: number;
  readonly expiresAt: number;
  readonly confirmation: PublicKeyMembers;
}

/**
 * Verifies an attestation token's header, signature and claims at `now` (epoch seconds).
 * `headerCache` keeps the `kid` of headers that passed: one signing key sends one header.
 */
export function verifyToken(
  token: string,
  now: number,
  policy: TokenPolicy,
  headerCache?: BoundedCache<string, string>,
): VerifiedToken {
  const jws = splitCompactJws(token);
  if (jws === undefined) {
    throw malformed();
  }
  let kid = headerCache?.get(jws.headerSegment);
  if (kid === undefined) {
    kid = checkTokenHeader(jws.headerSegment);
    headerCache?.set(jws.headerSegment, kid);
  }

  const key = policy.keys.get(kid);
  if (key === undefined) {
    throw refuse('TOKEN_KEY_UNKNOWN', 'token header kid names no trusted signing key');
  }

  const signatureValid =
    jws.signature.length === ED25519_SIGNATURE_BYTES &&
    verify(null, jws.signingInput, key, jws.signature);
  if (!signatureValid) {
    throw refuse('TOKEN_SIGNATURE_INVALID', 'token signature does not verify');
  }

  const claims = decodeJsonSegment(jws.payloadSegment, MAX_JSON_DEPTH);
  if (claims === undefined) {
    throw refuse('TOKEN_MALFORMED', 'token payload must be a JSON object');
  }

  if (claims.iss !== policy.issuer) {
    throw refuse('TOKEN_ISSUER_INVALID', 'token claim iss is not the configured issuer');
  }

  const issuedAt = readNumericDate(claims.iat);
  const notBefore = readNumericDate(claims.nbf);
  const expiresAt = readNumericDate(claims.exp);
  if (issuedAt === undefined || notBefore === undefined || expiresAt === undefined) {
    throw refuse('TOKEN_CLAIM_INVALID', 'token claims iat, nbf and exp must be integer seconds');
  }
  if (expiresAt <= issuedAt) {
    throw refuse('TOKEN_CLAIM_INVALID', 'token claim exp must be after iat');
  }

  // Bounds how long a key can matter after its window closes, even if it leaked.
  if (expiresAt - issuedAt > MAX_TOKEN_LIFETIME_SECONDS) {
    throw refuse(
      'TOKEN_CLAIM_INVALID',
      `token claims exp and iat must be at most ${MAX_TOKEN_LIFETIME_SECONDS} seconds apart`,
    );
  }
  const times = { issuedAt, notBefore, expiresAt };
  checkTokenTimes(times, now, policy.clockSkewSeconds);

  // Trust bundle: a key signs only inside its window, and `iat` says when it signed.
  if (policy.keyWindows !== undefined && !isInside(policy.keyWindows.get(kid), issuedAt)) {
    throw refuse('TOKEN_KEY_OUTSIDE_WINDOW', 'token claim iat is outside the signing key window');
  }

  const audience = readAudience(claims.aud);
  if (audience === undefined) {
    throw refuse('TOKEN_CLAIM_INVALID', 'token claim aud must be a string or a list of strings');
  }
  if (!audience.includes(policy.deployment)) {
    throw refuse('TOKEN_AUDIENCE_INVALID', 'token claim aud does not name this deployment');
  }

  const installationId = readText(claims.sub);
  const tokenId = readJti(claims.jti);
  const app = readAppFacts(claims.app);
  if (installationId === undefined || tokenId === undefined || app === undefined) {
    throw refuse('TOKEN_CLAIM_INVALID', 'token claims sub, jti and app must be present and valid');
  }

  // RFC 7800 §3.2: the key the caller must prove possession of.
  if (!isJsonObject(claims.cnf) || claims.cnf.jwk === undefined) {
    throw refuse('TOKEN_CONFIRMATION_MISSING', 'token claim cnf.jwk is required');
  }
  const confirmation = readPublicJwk(claims.cnf.jwk, (reason) => {
    throw refuse('TOKEN_CONFIRMATION_INVALID', `token claim cnf.jwk ${reason}`);
  });

  return { installationId, app, audience, tokenId, ...times, confirmation };
}

/** The `kid` of a token header that passed; the outcome depends on the segment alone. */
function checkTokenHeader(segment: string): string {
  const header = decodeJsonSegment(segment, MAX_JSON_DEPTH);
  if (header === undefined) {
    throw malformed();
  }
  const { alg, typ, kid } = header;

  // Only EdDSA: refuses "none", HMAC keyed with public key bytes, and ECDSA tokens.
  if (alg !== 'EdDSA') {
    throw refuse('TOKEN_ALG_NOT_ALLOWED', 'token header alg must be EdDSA');
  }

  // Explicit typing (RFC 8725 §3.11) keeps a proof or another JWT from passing as a token.
  if (typ !== TOKEN_TYPE) {
    throw refuse('TOKEN_TYPE_INVALID', `token header typ must be ${TOKEN_TYPE}`);
  }

  // No crit, jwk, jku, x5c or other member that could steer key selection.
  if (typeof kid !== 'string' || Object.keys(header).length !== TOKEN_HEADER_MEMBERS) {
    throw refuse('TOKEN_MALFORMED', 'token header must hold exactly alg, kid and typ');
  }
  return kid;
}

function malformed(): VerificationError {
  return refuse('TOKEN_MALFORMED', 'token must be a compact JWS with a JSON object header');
}

/** Lifetime checks, also re-run when a token comes from the verified-token cache. */
export function checkTokenTimes(
  times: Pick<VerifiedToken, 'issuedAt' | 'notBefore' | 'expiresAt'>,
  now: number,
  skew: number,
): void {
  if (now >= times.expiresAt + skew) {
    throw refuse('TOKEN_EXPIRED', 'token claim exp has passed');
  }

  if (now < times.notBefore - skew) {
    throw refuse('TOKEN_NOT_YET_VALID', 'token claim nbf is in the future');
  }

  if (times.issuedAt > now + skew) {
    throw refuse('TOKEN_NOT_YET_VALID', 'token claim iat is in the future');
  }
}

function isInside(window: KeyWindow | undefined, issuedAt: number): boolean {
  const signedAt = issuedAt * 1000;
  return window !== undefined && signedAt >= window.notBefore && signedAt < window.notAfter;
}

function refuse(code: VerificationError['code'], message: string): VerificationError {
  return new VerificationError(code, message);
}
