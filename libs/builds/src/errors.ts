/**
 * Every refusal of an uploaded build carries one of these codes. They are part of the public
 * contract: the portal shows them to developers and the service maps them to HTTP statuses.
 * Never rename one.
 */
export type BuildErrorCode =
  // Container
  | 'NOT_AN_ARCHIVE'
  | 'ARCHIVE_TRUNCATED'
  | 'ARCHIVE_MALFORMED'
  | 'ARCHIVE_TOO_LARGE'
  | 'TOO_MANY_ENTRIES'
  | 'ENTRY_TOO_LARGE'
  | 'ZIP_BOMB'
  | 'DUPLICATE_ENTRY'
  | 'UNSAFE_ENTRY_NAME'
  | 'UNSUPPORTED_COMPRESSION'
  | 'UNKNOWN_BUILD_FORMAT'
  // Signatures
  | 'UNSIGNED'
  | 'SIGNATURE_BLOCK_MALFORMED'
  | 'SIGNATURE_INVALID'
  | 'DIGEST_MISMATCH'
  | 'UNSUPPORTED_SIGNATURE_ALGORITHM'
  | 'CERTIFICATE_MALFORMED'
  | 'PUBLIC_KEY_MISMATCH'
  | 'NO_CERTIFICATES'
  | 'SIGNATURE_STRIPPED'
  | 'SIGNATURE_SCHEME_TOO_OLD'
  | 'LINEAGE_INVALID'
  | 'SIGNER_MISMATCH'
  | 'UNTRUSTED_ROOT'
  | 'CERTIFICATE_NOT_VALID_AT_SIGNING'
  // Manifests and metadata
  | 'MANIFEST_MISSING'
  | 'MANIFEST_MALFORMED'
  | 'PROFILE_MISSING'
  | 'PROFILE_MALFORMED'
  | 'PROFILE_MISMATCH'
  | 'EXECUTABLE_MALFORMED'
  | 'ENTITLEMENTS_MISSING';

/** An uploaded build was refused. `code` names the check; `message` says what was expected. */
export class BuildError extends Error {
  override readonly name = 'BuildError';

  constructor(
    readonly code: BuildErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isBuildError(value: unknown): value is BuildError {
  return value instanceof BuildError;
}
