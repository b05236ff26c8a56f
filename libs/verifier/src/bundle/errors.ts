/**
 * Why a trust bundle (or the state kept between loads) was refused. Part of the public
 * contract, one code per attack or fault: operators grep for them. Never rename.
 */
export type TrustBundleErrorCode =
  /** Not a JWS JSON document of the expected shape, too large, or a field that does not parse. */
  | 'BUNDLE_MALFORMED'
  /** A signature header is not exactly EdDSA / the bundle type / a kid, or does not verify. */
  | 'BUNDLE_SIGNATURE_INVALID'
  /** Two signatures name the same key: evidence is counted by distinct key, never twice. */
  | 'BUNDLE_SIGNATURE_DUPLICATED'
  /** A signature by a key that is neither the trusted root nor the root the bundle introduces. */
  | 'BUNDLE_SIGNATURE_UNKNOWN'
  /** No signature by the trusted root: another vendor's bundle, or a root this site never accepted. */
  | 'BUNDLE_ROOT_UNKNOWN'
  /** A `nextRoot` without a valid signature by that new root, or naming the current root. */
  | 'BUNDLE_ROOT_ROTATION_INVALID'
  /** A lower version than the highest this site has accepted (rollback). */
  | 'BUNDLE_VERSION_ROLLBACK'
  /** The version this site already holds, with different contents. */
  | 'BUNDLE_VERSION_CONFLICT'
  /** `expiresAt` has passed. */
  | 'BUNDLE_EXPIRED'
  /** `issuedAt` is in the future (beyond the allowed skew): check this machine's clock. */
  | 'BUNDLE_NOT_YET_VALID'
  /** The state kept between loads is unreadable or does not verify; nothing is trusted. */
  | 'TRUST_STATE_INVALID';

/** A trust bundle or the trust state was refused. `code` names the check, `message` the field. */
export class TrustBundleError extends Error {
  override readonly name = 'TrustBundleError';

  constructor(
    readonly code: TrustBundleErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isTrustBundleError(value: unknown): value is TrustBundleError {
  return value instanceof TrustBundleError;
}
