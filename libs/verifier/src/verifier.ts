import { hash, type KeyObject } from 'node:crypto';

import { BoundedCache } from './bounded-cache.js';
import type { TrustBundle } from './bundle/trust-bundle.js';
import type { AppFacts } from './claims.js';
import { VerificationError } from './errors.js';
import type { KeyAlgorithm, PublicJwk } from './jwk.js';
import {
  MAX_CACHED_URL_LENGTH,
  PROOF_KEY_CACHE_SIZE,
  TARGET_URI_CACHE_SIZE,
  TOKEN_HEADER_CACHE_SIZE,
} from './limits.js';
import { resolveOptions } from './options.js';
import { verifyProof } from './proof.js';
import type { ProofHeader } from './proof-header.js';
import { InMemoryReplayCache, replayWindowSeconds, type ReplayCache } from './replay-cache.js';
import { readProof, readToken } from './request-headers.js';
import { dpopTargetUri } from './target-uri.js';
import { checkTokenTimes, verifyToken, type VerifiedToken } from './token.js';

export interface TesseraVerifierOptions {
  /** The vendor service's issuer identifier; `iss` must equal it. Default: the bundle's. */
  readonly issuer?: string;
  /** This deployment's id; `aud` must contain it. */
  readonly deployment: string;
  /** The vendor's Ed25519 public keys (JWK with kid). Give this or `trustBundle`. */
  readonly keys?: readonly PublicJwk[];
  /**
   * A verified trust bundle (from loadTrustBundle): its keys, each only for tokens issued
   * inside its window, until the bundle expires. Give this or `keys`.
   */
  readonly trustBundle?: TrustBundle;
  /** Allowed clock difference for exp, nbf, iat and proof iat. Default 30. */
  readonly clockSkewSeconds?: number;
  /** How old a proof may be. Default 60. */
  readonly proofMaxAgeSeconds?: number;
  /** Where proof ids are remembered. Default: an InMemoryReplayCache for this verifier. */
  readonly replayCache?: ReplayCache;
  /** The clock. Default: the system clock. */
  readonly now?: () => Date;
  /** Bound on the token length. Default 4096. */
  readonly maxTokenBytes?: number;
  /** Verified tokens kept until they expire; 0 disables. Default 10,000. */
  readonly tokenCacheSize?: number;
  /** Proof algorithms accepted. Default ES256 and EdDSA. */
  readonly proofAlgorithms?: readonly KeyAlgorithm[];
}

/** The parts of an HTTP request the verifier reads. */
export interface VerifiableRequest {
  /** The Authorization header: `DPoP <token>`. */
  readonly authorization?: string;
  /** The DPoP header; give every value received when it was repeated. */
  readonly dpop?: string | readonly string[];
  readonly method: string;
  /** The absolute URL the client addressed (scheme, host, path; query is ignored). */
  readonly url: string;
}

/** Who is calling, as established by the token and the proof. */
export interface VerifiedCaller {
  readonly installationId: string;
  readonly app: AppFacts;
  readonly audience: readonly string[];
  readonly tokenId: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** RFC 7638 thumbprint of the installation key that signed the proof. */
  readonly keyThumbprint: string;
}

export interface TesseraVerifier {
  /** Resolves with the caller, or rejects with a VerificationError. */
  verifyRequest(request: VerifiableRequest): Promise<VerifiedCaller>;
}

/** Builds an offline verifier from public keys only; it never makes a network call. */
export function createTesseraVerifier(options: TesseraVerifierOptions): TesseraVerifier {
  const settings = resolveOptions(options);
  const replayWindow = replayWindowSeconds(settings.proofMaxAgeSeconds, settings.clockSkewSeconds);
  const replayCache = options.replayCache ?? new InMemoryReplayCache();
  const tokenCache = new BoundedCache<string, CachedToken>(settings.tokenCacheSize);
  const keyCache = new BoundedCache<string, KeyObject>(PROOF_KEY_CACHE_SIZE);
  const headerCache = new BoundedCache<string, ProofHeader>(PROOF_KEY_CACHE_SIZE);
  const tokenHeaderCache = new BoundedCache<string, string>(TOKEN_HEADER_CACHE_SIZE);
  const targetUriCache = new BoundedCache<string, string>(TARGET_URI_CACHE_SIZE);
  const clock = options.now ?? (() => new Date());

  function verifyRequest(request: VerifiableRequest): Promise<VerifiedCaller> {
    let checked: CheckedRequest;
    try {
      checked = checkRequest(request);
    } catch (error) {
      // checkRequest throws VerificationErrors, and TypeErrors on misuse.
      const refusal = error as Error;
      return Promise.reject(refusal);
    }

    // A store that throws or rejects refuses the request; a synchronous one settles at once.
    let fresh: boolean | Promise<boolean>;
    try {
      fresh = replayCache.checkAndRemember(checked.replayKey, checked.rememberUntil, checked.now);
    } catch {
      return Promise.reject(replayCheckFailed());
    }
    if (typeof fresh === 'boolean') {
      return fresh ? Promise.resolve(callerFrom(checked)) : Promise.reject(replayed());
    }
    // A shared store answers later; anything it returns that cannot be awaited rejects.
    const pending = fresh;
    return new Promise((resolve) => {
      resolve(
        pending.then(
          (answer) => {
            if (!answer) {
              throw replayed();
            }
            return callerFrom(checked);
          },
          () => {
            throw replayCheckFailed();
          },
        ),
      );
    });
  }

  /** Every check but the replay store's answer; synchronous. */
  function checkRequest(request: VerifiableRequest): CheckedRequest {
    const now = epochSeconds(clock());
    checkBundleFresh(now);

    const token = readToken(request.authorization, settings.maxTokenBytes);
    const { verified, tokenHash } = cachedToken(token, now) ?? freshToken(token, now);

    const proof = readProof(request.dpop);
    const targetUri = cachedTargetUri(request.url);
    if (targetUri === undefined) {
      throw new VerificationError(
        'PROOF_URL_MISMATCH',
        'request URL is not an absolute http(s) URL',
      );
    }
    const { jti, issuedAt, keyThumbprint } = verifyProof(proof, {
      method: request.method,
      targetUri,
      requestUrl: request.url,
      tokenHash,
      confirmation: verified.confirmation,
      now,
      clockSkewSeconds: settings.clockSkewSeconds,
      proofMaxAgeSeconds: settings.proofMaxAgeSeconds,
      algorithms: settings.proofAlgorithms,
      keyCache,
      headerCache,
    });

    // RFC 9449 §11.1: a proof id is accepted once per key while the proof could be accepted,
    // here or at any verifier sharing the store whose clock is within the skew of true time.
    return {
      verified,
      keyThumbprint,
      replayKey: `${keyThumbprint}.${jti}`,
      rememberUntil: issuedAt + replayWindow,
      now,
    };
  }

  /** A site whose bundle expired trusts no key any more: load a newer bundle. */
  function checkBundleFresh(now: number): void {
    if (settings.bundleExpiresAt !== undefined && now >= settings.bundleExpiresAt) {
      throw new VerificationError(
        'TRUST_BUNDLE_EXPIRED',
        'the trust bundle has expired; load a newer one',
      );
    }
  }

  /** The request URL in `dpopTargetUri` form; a server sees the same few URLs again and again. */
  function cachedTargetUri(url: string): string | undefined {
    const cached = targetUriCache.get(url);
    if (cached !== undefined) {
      return cached;
    }
    const targetUri = dpopTargetUri(url);
    if (targetUri !== undefined && url.length <= MAX_CACHED_URL_LENGTH) {
      targetUriCache.set(url, targetUri);
    }
    return targetUri;
  }

  /**
   * A token verified before, while it lives. The cache is keyed by the token's last characters,
   * its signature when well formed: short to hash, and different for every token the vendor
   * signs. A hit must equal the whole token, so a forgery reusing a signature is a miss and
   * gets verified in full.
   */
  function cachedToken(token: string, now: number): CachedToken | undefined {
    if (settings.tokenCacheSize === 0) {
      return undefined;
    }
    const key = cacheKeyOf(token);
    const cached = tokenCache.get(key);
    if (cached === undefined || cached.token !== token) {
      return undefined;
    }
    try {
      checkTokenTimes(cached.verified, now, settings.clockSkewSeconds);
    } catch (error) {
      tokenCache.delete(key);
      throw error;
    }
    return cached;
  }

  function freshToken(token: string, now: number): CachedToken {
    const verified = verifyToken(token, now, settings, tokenHeaderCache);
    const fresh = { token, tokenHash: hash('sha256', token, 'base64url'), verified };
    tokenCache.set(cacheKeyOf(token), fresh);
    return fresh;
  }

  return { verifyRequest };
}

/** A verified token with the base64url SHA-256 that proofs must carry in `ath`. */
interface CachedToken {
  readonly token: string;
  readonly tokenHash: string;
  readonly verified: VerifiedToken;
}

const TOKEN_CACHE_KEY_LENGTH = 86; // an Ed25519 signature in base64url

function cacheKeyOf(token: string): string {
  return token.slice(-TOKEN_CACHE_KEY_LENGTH);
}

interface CheckedRequest {
  readonly verified: VerifiedToken;
  readonly keyThumbprint: string;
  readonly replayKey: string;
  readonly rememberUntil: number;
  readonly now: number;
}

function replayed(): VerificationError {
  return new VerificationError('PROOF_REPLAYED', 'proof claim jti was already used');
}

/** A replay store that cannot answer refuses the request: never let a proof through unchecked. */
function replayCheckFailed(): VerificationError {
  return new VerificationError(
    'REPLAY_CHECK_FAILED',
    'proof claim jti could not be checked for replay',
  );
}

function callerFrom({ verified, keyThumbprint }: CheckedRequest): VerifiedCaller {
  return {
    installationId: verified.installationId,
    app: verified.app,
    audience: verified.audience,
    tokenId: verified.tokenId,
    issuedAt: new Date(verified.issuedAt * 1000),
    expiresAt: new Date(verified.expiresAt * 1000),
    keyThumbprint,
  };
}

function epochSeconds(date: Date): number {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) {
    throw new TypeError('now() must return a valid Date');
  }
  return Math.floor(ms / 1000);
}
