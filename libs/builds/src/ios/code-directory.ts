import { createHash } from 'node:crypto';

import { BuildError } from '../errors.js';

/** A CodeDirectory blob (xnu cs_blobs.h), parsed and bounds-checked. */
export interface CodeDirectory {
  readonly bytes: Buffer;
  readonly version: number;
  readonly hashName: string;
  readonly hashSize: number;
  readonly hashOffset: number;
  readonly specialCount: number;
  readonly codeCount: number;
  /** Bytes of the image the code slots cover: everything before the signature. */
  readonly codeLimit: number;
  /** Bytes per code page; the whole code is one page when the directory says 0. */
  readonly pageSize: number;
}

const CODE_DIRECTORY = 0xfade0c02;
const HEADER_LENGTH = 44;
const HASH_TYPES: Readonly<Record<number, { name: string; size: number }>> = {
  1: { name: 'sha1', size: 20 },
  2: { name: 'sha256', size: 32 },
  3: { name: 'sha256', size: 20 },
  4: { name: 'sha384', size: 48 },
};
const SCATTER_VERSION = 0x20100;
const CODE_LIMIT_64_VERSION = 0x20300;
const MIN_PAGE_SHIFT = 9;
const MAX_PAGE_SHIFT = 16;
const MAX_SPECIAL_SLOTS = 16;

function malformed(detail: string): BuildError {
  return new BuildError('EXECUTABLE_MALFORMED', `code signature: CodeDirectory ${detail}`);
}

export function parseCodeDirectory(bytes: Buffer): CodeDirectory {
  if (bytes.length < HEADER_LENGTH || bytes.readUInt32BE(0) !== CODE_DIRECTORY) {
    throw malformed('expected');
  }
  const version = bytes.readUInt32BE(8);
  const hashOffset = bytes.readUInt32BE(16);
  const specialCount = bytes.readUInt32BE(24);
  const codeCount = bytes.readUInt32BE(28);
  const hashSize = bytes.readUInt8(36);
  const type = HASH_TYPES[bytes.readUInt8(37)];
  const pageShift = bytes.readUInt8(39);
  if (type === undefined || type.size !== hashSize) throw malformed('has an unknown hash type');

  // Slot hashes sit around hashOffset: special slots before it, code slots from it.
  if (
    specialCount > MAX_SPECIAL_SLOTS ||
    hashOffset - specialCount * hashSize < HEADER_LENGTH ||
    hashOffset + codeCount * hashSize > bytes.length
  ) {
    throw malformed('hash slots lie outside the blob');
  }
  if (pageShift !== 0 && (pageShift < MIN_PAGE_SHIFT || pageShift > MAX_PAGE_SHIFT)) {
    throw malformed(`page size 2^${pageShift} is out of range`);
  }
  if (version >= SCATTER_VERSION && bytes.length >= 48 && bytes.readUInt32BE(44) !== 0) {
    throw malformed('uses scatter vectors, which iOS apps do not');
  }

  let codeLimit = bytes.readUInt32BE(32);
  if (version >= CODE_LIMIT_64_VERSION && bytes.length >= 64) {
    const codeLimit64 = bytes.readBigUInt64BE(56);
    if (codeLimit64 > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed('code limit is too large');
    if (codeLimit64 !== 0n) codeLimit = Number(codeLimit64);
  }
  return {
    bytes,
    version,
    hashName: type.name,
    hashSize,
    hashOffset,
    specialCount,
    codeCount,
    codeLimit,
    pageSize: pageShift === 0 ? Math.max(codeLimit, 1) : 2 ** pageShift,
  };
}

function digest(directory: CodeDirectory, data: Buffer): Buffer {
  return createHash(directory.hashName).update(data).digest().subarray(0, directory.hashSize);
}

/** The hash a special slot (1 = Info.plist, 2 = requirements, ...) holds; null when unused. */
export function specialSlotHash(directory: CodeDirectory, slot: number): Buffer | null {
  if (slot < 1 || slot > directory.specialCount) return null;
  const at = directory.hashOffset - slot * directory.hashSize;
  const hash = directory.bytes.subarray(at, at + directory.hashSize);
  return hash.every((byte) => byte === 0) ? null : hash;
}

/** Refuses data whose hash differs from its special slot, or that the directory does not bind. */
export function checkSpecialSlot(
  directory: CodeDirectory,
  slot: number,
  data: Buffer,
  what: string,
): void {
  const expected = specialSlotHash(directory, slot);
  if (expected === null) {
    throw new BuildError(
      'DIGEST_MISMATCH',
      `code signature: ${what} is not hashed by the CodeDirectory`,
    );
  }
  if (!digest(directory, data).equals(expected)) {
    throw new BuildError('DIGEST_MISMATCH', `code signature: ${what} hash does not match`);
  }
}

/**
 * Hashes the image page by page up to the code limit, which must be where the signature
 * starts, and compares each page with its code slot.
 */
export function checkCodePages(
  directory: CodeDirectory,
  image: Buffer,
  signatureOffset: number,
): void {
  if (directory.codeLimit !== signatureOffset) {
    throw malformed(
      `code limit ${directory.codeLimit} is not the signature offset ${signatureOffset}`,
    );
  }
  const pages = Math.ceil(directory.codeLimit / directory.pageSize);
  if (directory.codeCount !== pages) {
    throw malformed(`has ${directory.codeCount} code slots, the code needs ${pages}`);
  }

  for (let page = 0; page < pages; page++) {
    const start = page * directory.pageSize;
    const end = Math.min(start + directory.pageSize, directory.codeLimit);
    const at = directory.hashOffset + page * directory.hashSize;
    const expected = directory.bytes.subarray(at, at + directory.hashSize);
    if (!digest(directory, image.subarray(start, end)).equals(expected)) {
      throw new BuildError(
        'DIGEST_MISMATCH',
        `code signature: code page ${page} (bytes ${start}..${end}) hash does not match`,
      );
    }
  }
}
