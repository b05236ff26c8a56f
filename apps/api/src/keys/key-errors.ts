import type { TrustBundleErrorCode } from '../../../../libs/verifier/src/index.js';

/** Refusals of key rotation and trust bundle upload. Bundle checks keep the verifier's codes. */
export type KeyErrorCode =
  | TrustBundleErrorCode
  | 'SIGNING_KEY_UNAVAILABLE'
  | 'SIGNING_KEY_WINDOW_INVALID'
  | 'SIGNING_KEY_OUTSIDE_WINDOW'
  | 'TRUST_ROOT_NOT_CONFIGURED'
  | 'TRUST_BUNDLE_ISSUER_MISMATCH'
  | 'TRUST_BUNDLE_MISSING_ACTIVE_KEY';

export const KEY_ERROR_STATUS: Readonly<Partial<Record<KeyErrorCode, number>>> = {
  SIGNING_KEY_UNAVAILABLE: 503,
  SIGNING_KEY_OUTSIDE_WINDOW: 409,
  TRUST_ROOT_NOT_CONFIGURED: 409,
  TRUST_BUNDLE_MISSING_ACTIVE_KEY: 409,
  BUNDLE_VERSION_ROLLBACK: 409,
  BUNDLE_VERSION_CONFLICT: 409,
  TRUST_STATE_INVALID: 500,
};
