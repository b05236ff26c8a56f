import { AttestationError } from '../errors.js';
import { decodeCbor, expectBytes, expectKeys, expectMap, expectText } from './cbor.js';
import {
  MAX_ATTESTATION_OBJECT_BYTES,
  MAX_AUTHENTICATOR_DATA_BYTES,
  MAX_CERTIFICATE_BYTES,
  MAX_RECEIPT_BYTES,
  MAX_X5C_CERTIFICATES,
} from './limits.js';

export const APP_ATTEST_FORMAT = 'apple-appattest';

/** The attestation object as Apple sends it: { fmt, attStmt: { x5c, receipt }, authData }. */
export interface AttestationObject {
  x5c: Uint8Array[];
  receipt: Uint8Array;
  authData: Uint8Array;
}

export function decodeAttestationObject(bytes: Uint8Array): AttestationObject {
  if (bytes.length > MAX_ATTESTATION_OBJECT_BYTES) {
    throw new AttestationError(
      'EVIDENCE_TOO_LARGE',
      `attestationObject: expected at most ${MAX_ATTESTATION_OBJECT_BYTES} bytes`,
    );
  }
  const object = expectMap(decodeCbor(bytes, 'attestationObject'), 'attestationObject');
  expectKeys(object, ['fmt', 'attStmt', 'authData'], 'attestationObject');

  const fmt = expectText(object.get('fmt'), 'attestationObject.fmt');
  if (fmt !== APP_ATTEST_FORMAT) {
    throw new AttestationError(
      'UNSUPPORTED_ATTESTATION_FORMAT',
      `attestationObject.fmt: expected "${APP_ATTEST_FORMAT}"`,
    );
  }

  const statement = expectMap(object.get('attStmt'), 'attStmt');
  expectKeys(statement, ['x5c', 'receipt'], 'attStmt');
  const x5c = statement.get('x5c');
  if (!Array.isArray(x5c)) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      'attStmt.x5c: expected an array of certificates',
    );
  }
  if (x5c.length > MAX_X5C_CERTIFICATES) {
    throw new AttestationError(
      'CHAIN_TOO_LONG',
      `attStmt.x5c: expected ${MAX_X5C_CERTIFICATES} certificates`,
    );
  }

  return {
    x5c: x5c.map((der, i) => expectBytes(der, `attStmt.x5c[${i}]`, MAX_CERTIFICATE_BYTES)),
    receipt: expectBytes(statement.get('receipt'), 'attStmt.receipt', MAX_RECEIPT_BYTES),
    authData: expectBytes(object.get('authData'), 'authData', MAX_AUTHENTICATOR_DATA_BYTES),
  };
}
