import { readChildren, readSingle } from '../../src/android/der.js';

/** DER-encodes one element from an identifier (one or more bytes) and its contents. */
export function tlv(identifier: number[], contents: Uint8Array): Uint8Array {
  const n = contents.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return new Uint8Array([...identifier, ...length, ...contents]);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** The raw children of a DER SEQUENCE. */
export function sequenceChildren(der: Uint8Array): Uint8Array[] {
  return readChildren(readSingle(der, 'test').contents, 'test', 128).map((child) => child.raw);
}

export function pemToDer(pem: string): Uint8Array {
  const body = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(body, 'base64'));
}
