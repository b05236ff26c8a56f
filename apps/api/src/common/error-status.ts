import type { AttestationErrorCode } from '../../../../libs/attestation/src/errors.js';
import { KEY_ERROR_STATUS } from '../keys/key-errors.js';
import { PORTAL_ERROR_STATUS } from './portal-errors.js';
import type { ServiceErrorCode } from './service-error.js';

/** The one place where refusal codes become HTTP statuses. Unlisted codes are 400 or 403. */
const SERVICE_STATUS: Partial<Record<ServiceErrorCode, number>> = {
  ...PORTAL_ERROR_STATUS,
  ...KEY_ERROR_STATUS,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CHALLENGE_UNKNOWN: 401,
  APP_NOT_APPROVED: 403,
  APP_REVOKED: 403,
  APP_HAS_NO_DEPLOYMENTS: 403,
  INSTALLATION_UNKNOWN: 401,
  INSTALLATION_REVOKED: 403,
  REFRESH_PROOF_INVALID: 401,
  TEST_HOOKS_DISABLED: 404,
  INVALID_STATE_TRANSITION: 409,
  NOT_READY: 503,
};

/** Evidence that cannot be parsed is a bad request; evidence that parses but fails is forbidden. */
const ATTESTATION_BAD_REQUEST: ReadonlySet<AttestationErrorCode> = new Set([
  'MALFORMED_EVIDENCE',
  'EVIDENCE_TOO_LARGE',
  'CHAIN_EMPTY',
  'CHAIN_TOO_LONG',
  'UNSUPPORTED_ATTESTATION_FORMAT',
]);

export function serviceErrorStatus(code: ServiceErrorCode): number {
  return SERVICE_STATUS[code] ?? 400;
}

export function attestationErrorStatus(code: AttestationErrorCode): number {
  return ATTESTATION_BAD_REQUEST.has(code) ? 400 : 403;
}
