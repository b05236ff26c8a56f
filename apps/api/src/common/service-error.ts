import type { KeyErrorCode } from '../keys/key-errors.js';
import type { PortalErrorCode } from './portal-errors.js';

/** Refusals decided by the service itself (registry state, request framing, access). */
export type ServiceErrorCode =
  | PortalErrorCode
  | KeyErrorCode
  | 'INVALID_REQUEST'
  | 'MALFORMED_JSON'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'MALFORMED_BASE64'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'CHALLENGE_UNKNOWN'
  | 'APP_NOT_APPROVED'
  | 'APP_REVOKED'
  | 'APP_HAS_NO_DEPLOYMENTS'
  | 'INSTALLATION_UNKNOWN'
  | 'INSTALLATION_REVOKED'
  | 'PROOF_KEY_UNSUPPORTED'
  | 'REFRESH_PROOF_INVALID'
  | 'TEST_HOOKS_DISABLED'
  | 'INVALID_STATE_TRANSITION'
  | 'NOT_READY';

export class ServiceError extends Error {
  override readonly name = 'ServiceError';

  constructor(
    readonly code: ServiceErrorCode,
    message: string,
  ) {
    super(message);
  }
}
