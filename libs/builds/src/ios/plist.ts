import { parseBuffer } from 'bplist-parser';
import { parse as parseXmlPlist } from 'simple-plist';

import { BuildError, type BuildErrorCode } from '../errors.js';

const BINARY_MAGIC = Buffer.from('bplist00', 'ascii');

/** Parses an XML or binary property list whose top level is a dictionary. */
export function parsePlist(
  bytes: Uint8Array,
  code: BuildErrorCode,
  what: string,
): Record<string, unknown> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let value: unknown;
  try {
    value = buffer.subarray(0, 8).equals(BINARY_MAGIC)
      ? parseBuffer(buffer)[0]
      : parseXmlPlist(buffer);
  } catch {
    throw new BuildError(code, `${what}: expected a property list`);
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    value instanceof Date
  ) {
    throw new BuildError(code, `${what}: expected a dictionary`);
  }
  return value as Record<string, unknown>;
}

export function stringField(
  dict: Record<string, unknown>,
  key: string,
  code: BuildErrorCode,
  what: string,
): string {
  const value = dict[key];
  if (typeof value !== 'string' || value.length === 0)
    throw new BuildError(code, `${what}: expected string ${key}`);
  return value;
}
