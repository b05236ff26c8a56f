/**
 * Every refusal of attestation evidence carries one of these codes. They are part of the
 * public contract: callers switch on them, the service maps them to HTTP statuses and puts
 * them in refusal bodies, and developers read them in the portal. Never rename one.
 */
export type AttestationErrorCode =
  // Shared: framing and parsing of untrusted input
  | 'MALFORMED_EVIDENCE'
  | 'EVIDENCE_TOO_LARGE'
  // Shared: certificate chains
  | 'CHAIN_EMPTY'
  | 'CHAIN_TOO_LONG'
  | 'CERTIFICATE_SIGNATURE_INVALID'
  | 'UNSUPPORTED_SIGNATURE_ALGORITHM'
  | 'UNTRUSTED_ROOT'
  | 'CERTIFICATE_EXPIRED'
  | 'CERTIFICATE_NOT_YET_VALID'
  | 'CERTIFICATE_REVOKED'
  | 'REVOCATION_LIST_INVALID'
  // Shared: binding to the server's challenge and to the approved app
  | 'CHALLENGE_MISMATCH'
  | 'APP_NOT_APPROVED'
  | 'SIGNING_CERTIFICATE_MISMATCH'
  // Android Key Attestation
  | 'ATTESTATION_EXTENSION_MISSING'
  | 'UNEXPECTED_ATTESTATION_EXTENSION'
  | 'UNKNOWN_KEYMINT_TAG'
  | 'SECURITY_LEVEL_INSUFFICIENT'
  | 'DEVICE_NOT_LOCKED'
  | 'VERIFIED_BOOT_STATE_REJECTED'
  | 'PATCH_LEVEL_TOO_OLD'
  | 'APP_VERSION_TOO_OLD'
  | 'UNSUPPORTED_ATTESTED_KEY'
  // Apple App Attest
  | 'UNSUPPORTED_ATTESTATION_FORMAT'
  | 'NONCE_MISMATCH'
  | 'KEY_ID_MISMATCH'
  | 'APP_ID_MISMATCH'
  | 'ENVIRONMENT_MISMATCH'
  | 'COUNTER_INVALID'
  | 'COUNTER_NOT_INCREASING'
  | 'CREDENTIAL_ID_MISMATCH'
  | 'ASSERTION_SIGNATURE_INVALID'
  | 'RECEIPT_SIGNATURE_INVALID';

/** Untrusted evidence failed a check. `code` names the check; `message` says what was expected. */
export class AttestationError extends Error {
  override readonly name = 'AttestationError';

  constructor(
    readonly code: AttestationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isAttestationError(value: unknown): value is AttestationError {
  return value instanceof AttestationError;
}
