import { Decoder } from 'cbor-x';

import { AttestationError } from '../errors.js';

// Maps keep their key types (COSE keys use integers); no record or structure extensions.
const decoder = new Decoder({ mapsAsObjects: false, useRecords: false, sequential: false });

/** Decodes exactly one CBOR data item; trailing bytes or broken encoding fail closed. */
export function decodeCbor(bytes: Uint8Array, field: string): unknown {
  try {
    return decoder.decode(bytes) as unknown;
  } catch {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      `${field}: expected one well-formed CBOR item`,
    );
  }
}

/** Decodes a CBOR sequence (items back to back), as found at the tail of authenticator data. */
export function decodeCborSequence(bytes: Uint8Array, field: string): unknown[] {
  try {
    const items = decoder.decodeMultiple(bytes) as unknown;
    return Array.isArray(items) ? (items as unknown[]) : [];
  } catch {
    throw new AttestationError('MALFORMED_EVIDENCE', `${field}: expected well-formed CBOR items`);
  }
}

export function expectMap(value: unknown, field: string): Map<unknown, unknown> {
  if (!(value instanceof Map)) {
    throw new AttestationError('MALFORMED_EVIDENCE', `${field}: expected a CBOR map`);
  }
  return value as Map<unknown, unknown>;
}

export function expectBytes(value: unknown, field: string, maxBytes: number): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new AttestationError('MALFORMED_EVIDENCE', `${field}: expected a CBOR byte string`);
  }
  if (value.length > maxBytes) {
    throw new AttestationError(
      'EVIDENCE_TOO_LARGE',
      `${field}: expected at most ${maxBytes} bytes`,
    );
  }
  return value;
}

export function expectText(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new AttestationError('MALFORMED_EVIDENCE', `${field}: expected a CBOR text string`);
  }
  return value;
}

/** The keys of a map must be exactly `allowed`: unknown members are refused, not ignored. */
export function expectKeys(map: Map<unknown, unknown>, allowed: readonly unknown[], field: string) {
  for (const key of map.keys()) {
    if (!allowed.includes(key)) {
      throw new AttestationError('MALFORMED_EVIDENCE', `${field}: unexpected member`);
    }
  }
}
