import { AttestationError } from '../errors.js';
import { expectBytes, expectMap, expectText } from './cbor.js';
import { MAX_EXTENSION_ENTRIES } from './limits.js';

/** The authenticator-data extensions that App Attest writes since iOS 27. */
export interface AppAttestExtensions {
  /** `apple_bundle_version_01`: the app's CFBundleVersion. */
  bundleVersion?: string;
  /** `apple_validation_category_01`: a 4-byte little-endian unsigned integer. */
  validationCategory?: number;
}

const BUNDLE_VERSION_KEY = 'apple_bundle_version_01';
const VALIDATION_CATEGORY_KEY = 'apple_validation_category_01';
const VALIDATION_CATEGORY_BYTES = 4;
const MAX_BUNDLE_VERSION_LENGTH = 256;

/** Reads the extension map; unknown keys are allowed (Apple may add more) but bounded. */
export function parseExtensions(value: unknown, field: string): AppAttestExtensions {
  const map = expectMap(value, field);
  if (map.size > MAX_EXTENSION_ENTRIES) {
    throw new AttestationError(
      'EVIDENCE_TOO_LARGE',
      `${field}: expected at most ${MAX_EXTENSION_ENTRIES} entries`,
    );
  }
  for (const key of map.keys()) {
    expectText(key, `${field} key`);
  }
  const extensions: AppAttestExtensions = {};

  const bundleVersion = map.get(BUNDLE_VERSION_KEY);
  if (bundleVersion !== undefined) {
    extensions.bundleVersion = expectText(bundleVersion, `${field}.${BUNDLE_VERSION_KEY}`);
    if (extensions.bundleVersion.length > MAX_BUNDLE_VERSION_LENGTH) {
      throw new AttestationError('EVIDENCE_TOO_LARGE', `${field}.${BUNDLE_VERSION_KEY}: too long`);
    }
  }

  const category = map.get(VALIDATION_CATEGORY_KEY);
  if (category !== undefined) {
    const bytes = expectBytes(
      category,
      `${field}.${VALIDATION_CATEGORY_KEY}`,
      VALIDATION_CATEGORY_BYTES,
    );
    if (bytes.length !== VALIDATION_CATEGORY_BYTES) {
      throw new AttestationError(
        'MALFORMED_EVIDENCE',
        `${field}.${VALIDATION_CATEGORY_KEY}: expected ${VALIDATION_CATEGORY_BYTES} bytes`,
      );
    }
    extensions.validationCategory = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(
      0,
      true,
    );
  }

  return extensions;
}
