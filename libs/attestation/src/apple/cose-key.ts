import { AttestationError } from '../errors.js';
import { expectBytes, expectKeys, expectMap } from './cbor.js';

// RFC 9053 §7.1: EC2 key parameters; App Attest keys are P-256 for ES256.
const KTY = 1;
const ALG = 3;
const CRV = -1;
const X = -2;
const Y = -3;
const KTY_EC2 = 2;
const ALG_ES256 = -7;
const CRV_P256 = 1;
const COORDINATE_BYTES = 32;

/** Returns the uncompressed SEC1 point (0x04 | x | y) of a COSE EC2 P-256 key. */
export function coseKeyToPoint(value: unknown): Uint8Array {
  const field = 'authData.credentialPublicKey';
  const key = expectMap(value, field);
  expectKeys(key, [KTY, ALG, CRV, X, Y], field);

  if (key.get(KTY) !== KTY_EC2 || key.get(CRV) !== CRV_P256) {
    throw new AttestationError('MALFORMED_EVIDENCE', `${field}: expected an EC2 key on P-256`);
  }

  if (key.has(ALG) && key.get(ALG) !== ALG_ES256) {
    throw new AttestationError('MALFORMED_EVIDENCE', `${field}: expected alg ES256`);
  }

  const x = expectBytes(key.get(X), `${field}.x`, COORDINATE_BYTES);
  const y = expectBytes(key.get(Y), `${field}.y`, COORDINATE_BYTES);
  if (x.length !== COORDINATE_BYTES || y.length !== COORDINATE_BYTES) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      `${field}: expected ${COORDINATE_BYTES}-byte coordinates`,
    );
  }

  const point = new Uint8Array(1 + 2 * COORDINATE_BYTES);
  point[0] = 0x04;
  point.set(x, 1);
  point.set(y, 1 + COORDINATE_BYTES);
  return point;
}
