export {
  acceptTrustBundle,
  type AcceptedTrustBundle,
  type AcceptTrustBundleOptions,
} from './accept.js';
export { readBoundedFile, TrustFileError } from './bounded-file.js';
export { TRUST_BUNDLE_TYPE } from './document.js';
export { isTrustBundleError, TrustBundleError, type TrustBundleErrorCode } from './errors.js';
export {
  MAX_BUNDLE_BYTES,
  MAX_BUNDLE_VERSION,
  MAX_BUNDLE_KEYS,
  MAX_ROOT_TRANSITIONS,
  MAX_TRUST_STATE_BYTES,
} from './limits.js';
export { loadTrustBundle, type LoadTrustBundleOptions } from './load.js';
export { fileTrustStateStore } from './state-file.js';
export { trustStateVersion, type TrustStateStore } from './state.js';
export type { TrustBundle, TrustBundleKey } from './trust-bundle.js';
