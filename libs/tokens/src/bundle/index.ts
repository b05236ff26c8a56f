export {
  TRUST_BUNDLE_TYPE,
  type TrustBundleDocument,
  type TrustBundleKeyEntry,
  type TrustBundlePayload,
} from './format.js';
export {
  decryptRootKey,
  encryptRootKey,
  generateRootKey,
  MIN_PASSPHRASE_LENGTH,
  passphraseWeakness,
} from './root-key.js';
export {
  createTrustBundle,
  rootPublicJwk,
  type BundleKeyInput,
  type CreateTrustBundleInput,
} from './sign.js';
