export * from './bundle/index.js';
export type { AppFacts } from './claims.js';
export { isVerificationError, VerificationError, type VerificationErrorCode } from './errors.js';
export { tesseraExpress, type TesseraExpressOptions } from './express.js';
export { refusalResponse, type RefusalResponse } from './http-refusal.js';
export type { KeyAlgorithm, PublicJwk } from './jwk.js';
export {
  DEFAULT_CLOCK_SKEW_SECONDS,
  DEFAULT_MAX_TOKEN_BYTES,
  DEFAULT_PROOF_MAX_AGE_SECONDS,
  DEFAULT_REPLAY_CACHE_SIZE,
  DEFAULT_TOKEN_CACHE_SIZE,
  MAX_PROOF_BYTES,
} from './limits.js';
export { PROOF_TYPE } from './proof-header.js';
export {
  InMemoryReplayCache,
  ReplayCacheFullError,
  replayWindowSeconds,
  type ReplayCache,
} from './replay-cache.js';
export { RedisReplayCache, type RedisSetNx } from './redis-replay-cache.js';
export { absoluteRequestUrl, type RequestLike } from './request-url.js';
export { dpopTargetUri } from './target-uri.js';
export { TOKEN_TYPE } from './token.js';
export {
  createTesseraVerifier,
  type TesseraVerifier,
  type TesseraVerifierOptions,
  type VerifiableRequest,
  type VerifiedCaller,
} from './verifier.js';
