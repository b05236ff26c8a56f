import { AttestationError } from '../errors.js';

/**
 * A minimal reader for DER type-length-value elements. It exists for the few places where the
 * schema-driven decoders cannot give us what a verifier needs: the exact bytes of a
 * certificate's TBSCertificate (which the signature covers), and the AuthorizationList, whose
 * context tags must be read one by one so that an unknown KeyMint tag is seen and refused.
 */

/** Upper bound on a tag number; KeyMint tags stay below 2^16. */
const MAX_TAG_NUMBER = 0xffff;

export const TAG_CLASS_UNIVERSAL = 0;
export const TAG_CLASS_CONTEXT = 2;

export const UNIVERSAL_INTEGER = 0x02;
export const UNIVERSAL_OCTET_STRING = 0x04;
export const UNIVERSAL_NULL = 0x05;
export const UNIVERSAL_ENUMERATED = 0x0a;
export const UNIVERSAL_SEQUENCE = 0x10;
export const UNIVERSAL_SET = 0x11;

export interface DerElement {
  readonly tagClass: number;
  readonly constructed: boolean;
  readonly tagNumber: number;
  /** The whole element: identifier, length and contents. */
  readonly raw: Uint8Array;
  readonly contents: Uint8Array;
}

function malformed(field: string, what: string): AttestationError {
  return new AttestationError('MALFORMED_EVIDENCE', `${field}: ${what}`);
}

/** Reads one element at `offset`; the element must fit inside `bytes`. */
export function readElement(bytes: Uint8Array, offset: number, field: string): DerElement {
  let pos = offset;
  const first = bytes[pos++];
  if (first === undefined) throw malformed(field, 'expected a DER element, found end of data');
  const tagClass = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    for (;;) {
      const b = bytes[pos++];
      if (b === undefined) throw malformed(field, 'truncated tag number');
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if (tagNumber > MAX_TAG_NUMBER) throw malformed(field, 'tag number out of range');
      if ((b & 0x80) === 0) break;
    }
  }

  const lengthByte = bytes[pos++];
  if (lengthByte === undefined) throw malformed(field, 'truncated length');
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count === 0 || count > 4) throw malformed(field, 'expected a definite length of 1-4 bytes');
    length = 0;
    for (let i = 0; i < count; i++) {
      const b = bytes[pos++];
      if (b === undefined) throw malformed(field, 'truncated length');
      length = length * 256 + b;
    }
  }

  const end = pos + length;
  if (end > bytes.length) throw malformed(field, 'element runs past the end of its container');
  return {
    tagClass,
    constructed,
    tagNumber,
    raw: bytes.subarray(offset, end),
    contents: bytes.subarray(pos, end),
  };
}

/** Splits the contents of a constructed element into its direct children. */
export function readChildren(contents: Uint8Array, field: string, maxCount: number): DerElement[] {
  const children: DerElement[] = [];
  let offset = 0;
  while (offset < contents.length) {
    if (children.length >= maxCount) throw malformed(field, `more than ${maxCount} elements`);
    const child = readElement(contents, offset, field);
    children.push(child);
    offset += child.raw.length;
  }
  return children;
}

/** Reads exactly one element that fills `bytes`; trailing data is refused. */
export function readSingle(bytes: Uint8Array, field: string): DerElement {
  const element = readElement(bytes, 0, field);
  if (element.raw.length !== bytes.length) throw malformed(field, 'trailing data after element');
  return element;
}

export function expectUniversal(element: DerElement, tagNumber: number, field: string): void {
  if (element.tagClass !== TAG_CLASS_UNIVERSAL || element.tagNumber !== tagNumber) {
    throw malformed(field, `expected universal tag ${tagNumber}`);
  }
}

/** Decodes a two's-complement INTEGER (or ENUMERATED) body. */
export function decodeBigInt(contents: Uint8Array, field: string): bigint {
  if (contents.length === 0) throw malformed(field, 'empty integer');
  let value = 0n;
  for (const b of contents) value = (value << 8n) | BigInt(b);
  if ((contents[0] ?? 0) & 0x80) value -= 1n << BigInt(contents.length * 8);
  return value;
}

/** Decodes an INTEGER that must be a non-negative safe JavaScript number. */
export function decodeSafeInteger(contents: Uint8Array, field: string): number {
  const value = decodeBigInt(contents, field);
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw malformed(field, 'expected a non-negative integer below 2^53');
  }
  return Number(value);
}
