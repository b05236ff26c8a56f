import { BuildError, type BuildErrorCode } from '../errors.js';

/** One BER/DER element with definite length: its tag, where its value lies, where it ends. */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly valueStart: number;
  readonly end: number;
}

const MAX_LENGTH_OCTETS = 4;

/**
 * Reads the element at `offset`. Definite lengths only, long form accepted even when not
 * minimal (real signing certificates use it), so callers can hash bytes exactly as stored.
 */
export function readTlv(
  bytes: Uint8Array,
  offset: number,
  code: BuildErrorCode,
  what: string,
): Tlv {
  const fail = (detail: string): BuildError => new BuildError(code, `${what}: ${detail}`);
  if (offset + 2 > bytes.length) throw fail('truncated element');
  const tag = bytes[offset] ?? 0;
  if ((tag & 0x1f) === 0x1f) throw fail('multi-byte tags are not supported');
  let length = bytes[offset + 1] ?? 0;
  let valueStart = offset + 2;
  if (length === 0x80) throw fail('indefinite lengths are not supported');
  if (length > 0x80) {
    const octets = length & 0x7f;
    if (octets > MAX_LENGTH_OCTETS || valueStart + octets > bytes.length) throw fail('bad length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (bytes[valueStart + i] ?? 0);
    valueStart += octets;
  }
  const end = valueStart + length;
  if (end > bytes.length) throw fail('element overruns its container');
  return { tag, start: offset, valueStart, end };
}

/** The elements directly inside a constructed element. */
export function children(
  bytes: Uint8Array,
  parent: Tlv,
  code: BuildErrorCode,
  what: string,
): Tlv[] {
  const items: Tlv[] = [];
  for (let at = parent.valueStart; at < parent.end;) {
    const item = readTlv(bytes.subarray(0, parent.end), at, code, what);
    items.push(item);
    at = item.end;
  }
  return items;
}

export function slice(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.start, tlv.end);
}
