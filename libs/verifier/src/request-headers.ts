import { VerificationError } from './errors.js';
import { MAX_PROOF_BYTES } from './limits.js';

const SCHEME = 'dpop';
const SPACE = 0x20;
const TAB = 0x09;
const CASE_BIT = 0x20; // ASCII letters differ from their capitals in this bit alone
const SCHEME_ALLOWANCE = 16; // "DPoP " and a little whitespace around the token

/**
 * The token from `Authorization: DPoP <token>` (RFC 9449 §7.1), bounded before parsing: the
 * scheme in any case, one or more spaces, then the token. Which characters the token may hold
 * is left to the strict JWS parsing that follows: base64url segments and two dots, fewer than
 * token68 allows, so anything else (whitespace included) is refused there as TOKEN_MALFORMED.
 */
export function readToken(authorization: string | undefined, maxTokenBytes: number): string {
  if (authorization === undefined || authorization === '') {
    throw new VerificationError(
      'TOKEN_MISSING',
      'Authorization header with a DPoP token is required',
    );
  }

  if (authorization.length > maxTokenBytes + SCHEME_ALLOWANCE) {
    throw new VerificationError('TOKEN_TOO_LARGE', `token must not exceed ${maxTokenBytes} bytes`);
  }

  // Optional whitespace around the value (RFC 9110 §5.6.3), then the scheme and spaces.
  let start = 0;
  let end = authorization.length;
  while (isOptionalWhitespace(authorization.charCodeAt(start))) {
    start++;
  }
  while (end > start && isOptionalWhitespace(authorization.charCodeAt(end - 1))) {
    end--;
  }
  let tokenStart = start + SCHEME.length;
  while (authorization.charCodeAt(tokenStart) === SPACE) {
    tokenStart++;
  }
  if (
    tokenStart === start + SCHEME.length ||
    tokenStart >= end ||
    !hasScheme(authorization, start)
  ) {
    throw new VerificationError(
      'TOKEN_SCHEME_INVALID',
      'Authorization header must use the DPoP scheme',
    );
  }
  const token = authorization.slice(tokenStart, end);

  if (token.length > maxTokenBytes) {
    throw new VerificationError('TOKEN_TOO_LARGE', `token must not exceed ${maxTokenBytes} bytes`);
  }
  return token;
}

function isOptionalWhitespace(code: number): boolean {
  return code === SPACE || code === TAB;
}

/** Whether `value` has the scheme name at `start`, in any case (RFC 9110 §11.1). */
function hasScheme(value: string, start: number): boolean {
  for (let i = 0; i < SCHEME.length; i++) {
    if ((value.charCodeAt(start + i) | CASE_BIT) !== SCHEME.charCodeAt(i)) {
      return false;
    }
  }
  return true;
}

/** The single DPoP header (RFC 9449 §4.3 step 1), bounded before parsing. */
export function readProof(dpop: string | readonly string[] | undefined): string {
  const count = dpop === undefined ? 0 : typeof dpop === 'string' ? 1 : dpop.length;
  const proof = typeof dpop === 'string' ? dpop : dpop?.[0];
  if (count === 0 || proof === '' || proof === undefined) {
    throw new VerificationError('PROOF_MISSING', 'DPoP header with a proof is required');
  }

  // A comma means a proxy folded several DPoP headers into one; a JWS never contains one.
  if (count > 1 || proof.includes(',')) {
    throw new VerificationError('PROOF_MULTIPLE', 'exactly one DPoP header is allowed');
  }

  if (proof.length > MAX_PROOF_BYTES) {
    throw new VerificationError(
      'PROOF_TOO_LARGE',
      `proof must not exceed ${MAX_PROOF_BYTES} bytes`,
    );
  }
  return proof;
}
