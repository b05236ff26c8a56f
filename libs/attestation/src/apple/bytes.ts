import { createHash, timingSafeEqual } from 'node:crypto';

export function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
  }
  return new Uint8Array(hash.digest());
}

/** Constant-time equality for digests; different lengths are simply unequal. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

/** A copy that owns its memory, detached from any larger buffer the decoder shared. */
export function copyBytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value);
}
