import { createHash } from 'node:crypto';

import { BuildError } from '../errors.js';
import type { ByteSource } from '../zip/byte-source.js';
import type { EndOfCentralDirectory } from '../zip/eocd.js';

const PAGE_BYTES = 4096;
const DIGEST_BYTES = 32;
const SALT = Buffer.alloc(8);
const READ_PAGES = 256;
const EOCD_CD_OFFSET_FIELD = 16;

/**
 * The verity content digest (algorithms 0x0421, 0x0423, 0x0425): the root of a SHA-256 Merkle
 * tree over 4096-byte pages of the same bytes the chunked digest covers (entries, central
 * directory, EOCD with its central directory offset pointing at the signing block), followed
 * by their total length as a little-endian uint64. Every page is hashed after an 8-byte zero
 * salt, and the last page of each level is zero-padded.
 */
export async function verityDigest(
  source: ByteSource,
  eocd: EndOfCentralDirectory,
  signingBlockOffset: number,
): Promise<Buffer> {
  // The tree's pages only line up with the file when the entries end on a page boundary.
  if (signingBlockOffset % PAGE_BYTES !== 0) {
    throw new BuildError(
      'SIGNATURE_BLOCK_MALFORMED',
      `APK Signing Block: verity digest needs the block at a ${PAGE_BYTES}-byte boundary`,
    );
  }
  const eocdBytes = Buffer.from(await source.read(eocd.eocdOffset, source.size - eocd.eocdOffset));
  eocdBytes.writeUInt32LE(signingBlockOffset, EOCD_CD_OFFSET_FIELD);

  const covered = signingBlockOffset + eocd.cdSize + eocdBytes.length;
  const leaves = new PageHasher(covered);
  for (const [start, end] of [
    [0, signingBlockOffset],
    [eocd.cdOffset, eocd.cdOffset + eocd.cdSize],
  ] as const) {
    for (let at = start; at < end; at += PAGE_BYTES * READ_PAGES) {
      leaves.update(await source.read(at, Math.min(PAGE_BYTES * READ_PAGES, end - at)));
    }
  }
  leaves.update(eocdBytes);

  let level = leaves.finish();
  while (level.length > PAGE_BYTES) {
    const parents = new PageHasher(level.length);
    parents.update(level);
    level = parents.finish();
  }

  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(covered));
  return Buffer.concat([saltedHash(level), length]);
}

/**
 * Hashes a stream of a known length page by page into one buffer (32 bytes per 4096, so a
 * 4 GiB APK needs 32 MiB); `finish` returns the digests, zero-padded to a whole page.
 */
class PageHasher {
  private readonly digests: Buffer;
  private written = 0;
  private pending = Buffer.alloc(0);

  constructor(streamBytes: number) {
    const pages = Math.max(1, Math.ceil(streamBytes / PAGE_BYTES));
    this.digests = Buffer.alloc(Math.ceil((pages * DIGEST_BYTES) / PAGE_BYTES) * PAGE_BYTES);
  }

  update(bytes: Buffer): void {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, bytes]) : bytes;
    while (data.length >= PAGE_BYTES) {
      this.push(data.subarray(0, PAGE_BYTES));
      data = data.subarray(PAGE_BYTES);
    }
    this.pending = Buffer.from(data);
  }

  finish(): Buffer {
    if (this.pending.length > 0 || this.written === 0) {
      this.update(Buffer.alloc(PAGE_BYTES - (this.pending.length % PAGE_BYTES)));
    }
    return this.digests;
  }

  private push(page: Buffer): void {
    // The caller declared the stream's length; more pages than that is a programming error.
    if (this.written + DIGEST_BYTES > this.digests.length) throw new TypeError('stream too long');
    saltedHash(page).copy(this.digests, this.written);
    this.written += DIGEST_BYTES;
  }
}

function saltedHash(page: Buffer): Buffer {
  return createHash('sha256').update(SALT).update(page).digest();
}
