import type { VerificationError, VerificationErrorCode } from './errors.js';

/** How an adapter answers a refused request; the one place codes become HTTP. */
export interface RefusalResponse {
  readonly status: 401 | 503;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: { readonly error: VerificationErrorCode; readonly message: string };
}

const ALGS = 'algs="ES256 EdDSA"';

/**
 * 401 with a DPoP challenge (RFC 9449 §7.1): no error attribute when no token was sent,
 * `invalid_token` for token failures, `invalid_dpop_proof` for proof failures. A replay store
 * that cannot answer, or an expired trust bundle, is the server's fault: 503, so clients do not
 * re-attest in a loop.
 */
export function refusalResponse(error: VerificationError): RefusalResponse {
  const body = { error: error.code, message: error.message };
  if (error.code === 'REPLAY_CHECK_FAILED') {
    return { status: 503, headers: { 'Retry-After': '1' }, body };
  }
  if (error.code === 'TRUST_BUNDLE_EXPIRED') {
    return { status: 503, headers: {}, body };
  }
  if (error.code === 'TOKEN_MISSING') {
    return { status: 401, headers: { 'WWW-Authenticate': `DPoP ${ALGS}` }, body };
  }
  const kind = error.code.startsWith('PROOF_') ? 'invalid_dpop_proof' : 'invalid_token';
  const description = error.message.replace(/["\\]/g, "'");
  return {
    status: 401,
    headers: {
      'WWW-Authenticate': `DPoP error="${kind}", error_description="${description}", ${ALGS}`,
    },
    body,
  };
}
