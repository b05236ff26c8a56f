import { VerificationError } from './errors.js';
import { describePublicJwk, type KeyAlgorithm, type PublicKeyDescription } from './jwk.js';
import { MAX_JSON_DEPTH } from './limits.js';
import { decodeJsonSegment } from './strict-json.js';

/** JOSE `typ` of a DPoP proof (RFC 9449 §4.2). */
export const PROOF_TYPE = 'dpop+jwt';

const KEY_SELECTING_MEMBERS = ['crit', 'kid', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256'];

/** A proof header that passed every check that depends on the header alone. */
export interface ProofHeader {
  readonly alg: KeyAlgorithm;
  readonly key: PublicKeyDescription;
}

/**
 * Checks a proof's protected header (RFC 9449 §4.3 steps 2-7). The outcome depends only on
 * the segment and the accepted algorithms, so a verifier may cache it by segment: one device
 * sends the same header with every proof.
 */
export function checkProofHeader(
  segment: string,
  algorithms: ReadonlySet<KeyAlgorithm>,
): ProofHeader {
  const header = decodeJsonSegment(segment, MAX_JSON_DEPTH);
  if (header === undefined) {
    throw refuse('PROOF_MALFORMED', 'proof must be a compact JWS with a JSON object header');
  }
  const { typ, alg, jwk } = header;

  if (typ !== PROOF_TYPE) {
    throw refuse('PROOF_TYPE_INVALID', `proof header typ must be ${PROOF_TYPE}`);
  }

  // Asymmetric algorithms only; never "none" or HMAC.
  if (typeof alg !== 'string' || !algorithms.has(alg as KeyAlgorithm)) {
    const allowed = [...algorithms].join(', ');
    throw refuse('PROOF_ALG_NOT_ALLOWED', `proof header alg must be one of ${allowed}`);
  }

  // The key is the embedded jwk; nothing else may point at one.
  const selector = KEY_SELECTING_MEMBERS.find((member) => member in header);
  if (selector !== undefined) {
    throw refuse('PROOF_MALFORMED', `proof header must not contain ${selector}`);
  }

  // A public key, of a type that fits alg.
  const key = describePublicJwk(jwk, (reason) => {
    throw refuse('PROOF_KEY_INVALID', `proof header jwk ${reason}`);
  });
  if (key.alg !== alg) {
    throw refuse('PROOF_KEY_INVALID', `proof header jwk does not fit alg ${alg}`);
  }

  return { alg: key.alg, key };
}

function refuse(code: VerificationError['code'], message: string): VerificationError {
  return new VerificationError(code, message);
}
