/** Default bound on the attestation token, in characters (tokens are ASCII). */
export const DEFAULT_MAX_TOKEN_BYTES = 4096;

/** Bound on a DPoP proof, in characters. A P-256 proof with `ath` is about 550. */
export const MAX_PROOF_BYTES = 2048;

/** Deepest JSON nesting accepted in a header or payload (token: payload > cnf > jwk). */
export const MAX_JSON_DEPTH = 4;

/** Longest accepted `jti` of a proof or token, in characters. */
export const MAX_JTI_LENGTH = 128;

/** Most audiences one token may carry. */
export const MAX_AUDIENCES = 64;

/** Longest accepted string claim (sub, iss, app facts), in characters. */
export const MAX_CLAIM_LENGTH = 512;

export const DEFAULT_CLOCK_SKEW_SECONDS = 30;
export const MAX_CLOCK_SKEW_SECONDS = 300;

export const DEFAULT_PROOF_MAX_AGE_SECONDS = 60;
export const MAX_PROOF_MAX_AGE_SECONDS = 600;

/** Verified tokens kept until they expire. 0 disables the cache. */
export const DEFAULT_TOKEN_CACHE_SIZE = 10_000;

/** Imported proof keys kept, keyed by RFC 7638 thumbprint. */
export const PROOF_KEY_CACHE_SIZE = 10_000;

/** Token headers that passed, keyed by segment; the vendor has a few signing keys at a time. */
export const TOKEN_HEADER_CACHE_SIZE = 64;

/** Normalised request URLs kept, keyed by the URL as received; longer URLs are not kept. */
export const TARGET_URI_CACHE_SIZE = 1_000;
export const MAX_CACHED_URL_LENGTH = 2_048;

/** Default capacity of the in-memory replay cache (proof ids inside their window). */
export const DEFAULT_REPLAY_CACHE_SIZE = 500_000;

/** Longest token lifetime (exp - iat) accepted; the service issues tokens for minutes. */
export const MAX_TOKEN_LIFETIME_SECONDS = 3600;
