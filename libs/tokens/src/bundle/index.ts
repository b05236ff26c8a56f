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
  DEFAULT_SCRYPT_COST,
  MIN_SCRYPT_COST,
  ROOT_KEY_FILE_FORMAT,
  ROOT_KEY_FILE_VERSION,
  RootKeyFileError,
  type RootKeyFileErrorCode,
  type ScryptCost,
} from './root-key-file.js';
export {
  createTrustBundle,
  rootPublicJwk,
  type BundleKeyInput,
  type CreateTrustBundleInput,
} from './sign.js';
