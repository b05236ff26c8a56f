import { AttestationError } from '../errors.js';
import { decodeCborSequence } from './cbor.js';
import { type AppAttestExtensions, parseExtensions } from './authenticator-extensions.js';
import { MAX_AUTHENTICATOR_DATA_BYTES } from './limits.js';

// WebAuthn §6.1: rpIdHash (32) | flags (1) | signCount (4, big-endian) | [attested data] | [extensions]
const RP_ID_HASH_BYTES = 32;
const HEADER_BYTES = 37;
const AAGUID_BYTES = 16;
const FLAG_ATTESTED_CREDENTIAL_DATA = 0x40;
const FLAG_EXTENSION_DATA = 0x80;

export interface AuthenticatorHeader {
  rpIdHash: Uint8Array;
  flags: number;
  signCount: number;
}

export interface AttestationAuthenticatorData extends AuthenticatorHeader {
  aaguid: Uint8Array;
  credentialId: Uint8Array;
  credentialPublicKey: unknown;
  extensions?: AppAttestExtensions;
}

export interface AssertionAuthenticatorData extends AuthenticatorHeader {
  extensions?: AppAttestExtensions;
}

function parseHeader(authData: Uint8Array, field: string): AuthenticatorHeader {
  if (authData.length > MAX_AUTHENTICATOR_DATA_BYTES) {
    throw new AttestationError(
      'EVIDENCE_TOO_LARGE',
      `${field}: expected at most ${MAX_AUTHENTICATOR_DATA_BYTES} bytes`,
    );
  }
  if (authData.length < HEADER_BYTES) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      `${field}: expected at least ${HEADER_BYTES} bytes`,
    );
  }
  const view = new DataView(authData.buffer, authData.byteOffset, authData.length);
  return {
    rpIdHash: authData.subarray(0, RP_ID_HASH_BYTES),
    flags: view.getUint8(RP_ID_HASH_BYTES),
    signCount: view.getUint32(RP_ID_HASH_BYTES + 1, false),
  };
}

/**
 * Authenticator data of an attestation: the attested credential data must be present. After
 * the COSE key, a CBOR extension map may follow. Apple's own 2026 sample carries that map with
 * the ED flag clear, so the map is read whenever bytes follow, and required when ED is set.
 */
export function parseAttestationAuthData(authData: Uint8Array): AttestationAuthenticatorData {
  const field = 'authData';
  const header = parseHeader(authData, field);
  if ((header.flags & FLAG_ATTESTED_CREDENTIAL_DATA) === 0) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      `${field}: expected attested credential data (AT flag)`,
    );
  }
  const credentialIdStart = HEADER_BYTES + AAGUID_BYTES + 2;
  if (authData.length < credentialIdStart) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      `${field}: attested credential data is truncated`,
    );
  }
  const aaguid = authData.subarray(HEADER_BYTES, HEADER_BYTES + AAGUID_BYTES);
  const view = new DataView(authData.buffer, authData.byteOffset, authData.length);
  const credentialIdLength = view.getUint16(HEADER_BYTES + AAGUID_BYTES, false);
  const keyStart = credentialIdStart + credentialIdLength;
  if (authData.length <= keyStart) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      `${field}: credential id or public key is truncated`,
    );
  }

  const items = decodeCborSequence(authData.subarray(keyStart), `${field}.credentialPublicKey`);
  const hasExtensionFlag = (header.flags & FLAG_EXTENSION_DATA) !== 0;
  if (items.length < 1 || items.length > 2 || (hasExtensionFlag && items.length !== 2)) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      `${field}: expected a COSE key and at most one extension map`,
    );
  }

  return {
    ...header,
    aaguid,
    credentialId: authData.subarray(credentialIdStart, keyStart),
    credentialPublicKey: items[0],
    ...(items.length === 2 ? { extensions: parseExtensions(items[1], `${field}.extensions`) } : {}),
  };
}

/**
 * Authenticator data of an assertion: 37 bytes, then (iOS 27 on) one CBOR extension map.
 * Devices set the AT flag although no attested credential data follows; it is ignored here.
 */
export function parseAssertionAuthData(authData: Uint8Array): AssertionAuthenticatorData {
  const field = 'authenticatorData';
  const header = parseHeader(authData, field);
  const hasExtensionFlag = (header.flags & FLAG_EXTENSION_DATA) !== 0;
  if (authData.length === HEADER_BYTES) {
    if (hasExtensionFlag) {
      throw new AttestationError(
        'MALFORMED_EVIDENCE',
        `${field}: ED flag set but no extensions follow`,
      );
    }
    return header;
  }

  const items = decodeCborSequence(authData.subarray(HEADER_BYTES), `${field}.extensions`);
  if (items.length !== 1) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      `${field}: expected one extension map after the counter`,
    );
  }
  return { ...header, extensions: parseExtensions(items[0], `${field}.extensions`) };
}
