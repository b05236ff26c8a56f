/**
 * Every refusal carries one of these codes. They are part of the public contract: callers
 * switch on them, adapters put them in 401 bodies, operators grep logs for them. Never rename.
 */
export type VerificationErrorCode =
  // The attestation token (Authorization: DPoP <token>)
  | 'TOKEN_MISSING'
  | 'TOKEN_SCHEME_INVALID'
  | 'TOKEN_TOO_LARGE'
  | 'TOKEN_MALFORMED'
  | 'TOKEN_ALG_NOT_ALLOWED'
  | 'TOKEN_TYPE_INVALID'
  | 'TOKEN_KEY_UNKNOWN'
  | 'TOKEN_KEY_OUTSIDE_WINDOW'
  | 'TOKEN_SIGNATURE_INVALID'
  | 'TOKEN_ISSUER_INVALID'
  | 'TOKEN_CLAIM_INVALID'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_AUDIENCE_INVALID'
  | 'TOKEN_CONFIRMATION_MISSING'
  | 'TOKEN_CONFIRMATION_INVALID'
  // The DPoP proof (DPoP header, RFC 9449)
  | 'PROOF_MISSING'
  | 'PROOF_MULTIPLE'
  | 'PROOF_TOO_LARGE'
  | 'PROOF_MALFORMED'
  | 'PROOF_TYPE_INVALID'
  | 'PROOF_ALG_NOT_ALLOWED'
  | 'PROOF_KEY_INVALID'
  | 'PROOF_KEY_MISMATCH'
  | 'PROOF_SIGNATURE_INVALID'
  | 'PROOF_CLAIM_INVALID'
  | 'PROOF_METHOD_MISMATCH'
  | 'PROOF_URL_MISMATCH'
  | 'PROOF_STALE'
  | 'PROOF_FROM_FUTURE'
  | 'PROOF_TOKEN_HASH_MISMATCH'
  | 'PROOF_REPLAYED'
  // The replay store could not answer; the request is refused rather than let through
  | 'REPLAY_CHECK_FAILED'
  // The trust bundle the verifier was built with has expired: load a newer one
  | 'TRUST_BUNDLE_EXPIRED';

/** A request failed verification. `code` names the check; `message` names the claim. */
export class VerificationError extends Error {
  override readonly name = 'VerificationError';

  constructor(
    readonly code: VerificationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isVerificationError(value: unknown): value is VerificationError {
  return value instanceof VerificationError;
}
