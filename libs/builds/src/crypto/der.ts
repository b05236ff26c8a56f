import { BuildError, type BuildErrorCode } from '../errors.js';

/** One BER/DER element with definite length: its tag, where its value lies, where it ends. */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly valueStart: number;
  /** Where the value ends: before the end-of-contents octets of an indefinite length. */
  readonly valueEnd: number;
  readonly end: number;
}

const MAX_LENGTH_OCTETS = 4;
const MAX_INDEFINITE_DEPTH = 16;

/**
 * Reads the element at `offset`. Definite lengths only, long form accepted even when not
 * minimal (real signing certificates use it), so callers can hash bytes exactly as stored.
 */
export function readTlv(
  bytes: Uint8Array,
  offset: number,
  code: BuildErrorCode,
  what: string,
  depth = 0,
): Tlv {
  const fail = (detail: string): BuildError => new BuildError(code, `${what}: ${detail}`);
  if (offset + 2 > bytes.length) throw fail('truncated element');
  const tag = bytes[offset] ?? 0;
  if ((tag & 0x1f) === 0x1f) throw fail('multi-byte tags are not supported');
  let length = bytes[offset + 1] ?? 0;
  let valueStart = offset + 2;
  if (length === 0x80) return readIndefinite(bytes, offset, tag, code, what, depth);
  if (length > 0x80) {
    const octets = length & 0x7f;
    if (octets > MAX_LENGTH_OCTETS || valueStart + octets > bytes.length) throw fail('bad length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (bytes[valueStart + i] ?? 0);
    valueStart += octets;
  }
  const end = valueStart + length;
  if (end > bytes.length) throw fail('element overruns its container');
  return { tag, start: offset, valueStart, valueEnd: end, end };
}

/** BER indefinite length (CMS from Apple uses it): children up to the end-of-contents octets. */
function readIndefinite(
  bytes: Uint8Array,
  offset: number,
  tag: number,
  code: BuildErrorCode,
  what: string,
  depth: number,
): Tlv {
  if ((tag & 0x20) === 0 || depth >= MAX_INDEFINITE_DEPTH) {
    throw new BuildError(code, `${what}: bad indefinite length`);
  }
  let at = offset + 2;
  while (at + 2 <= bytes.length && !(bytes[at] === 0 && bytes[at + 1] === 0)) {
    at = readTlv(bytes, at, code, what, depth + 1).end;
  }
  if (at + 2 > bytes.length) throw new BuildError(code, `${what}: missing end-of-contents`);
  return { tag, start: offset, valueStart: offset + 2, valueEnd: at, end: at + 2 };
}

/** The elements directly inside a constructed element. */
export function children(
  bytes: Uint8Array,
  parent: Tlv,
  code: BuildErrorCode,
  what: string,
): Tlv[] {
  const items: Tlv[] = [];
  for (let at = parent.valueStart; at < parent.valueEnd;) {
    const item = readTlv(bytes.subarray(0, parent.valueEnd), at, code, what);
    items.push(item);
    at = item.end;
  }
  return items;
}

export function slice(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.start, tlv.end);
}
