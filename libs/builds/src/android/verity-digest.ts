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

  const leaves = new PageHasher();
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
    const parents = new PageHasher();
    parents.update(level);
    level = parents.finish();
  }

  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(signingBlockOffset + eocd.cdSize + eocdBytes.length));
  return Buffer.concat([saltedHash(level), length]);
}

/** Hashes a byte stream page by page; `finish` returns the digests, zero-padded to a page. */
class PageHasher {
  private readonly digests: Buffer[] = [];
  private pending = Buffer.alloc(0);

  update(bytes: Buffer): void {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, bytes]) : bytes;
    while (data.length >= PAGE_BYTES) {
      this.digests.push(saltedHash(data.subarray(0, PAGE_BYTES)));
      data = data.subarray(PAGE_BYTES);
    }
    this.pending = Buffer.from(data);
  }

  finish(): Buffer {
    if (this.pending.length > 0 || this.digests.length === 0) {
      this.update(Buffer.alloc(PAGE_BYTES - (this.pending.length % PAGE_BYTES)));
    }
    const used = this.digests.length * DIGEST_BYTES;
    const padded = Buffer.alloc(Math.ceil(used / PAGE_BYTES) * PAGE_BYTES);
    Buffer.concat(this.digests).copy(padded);
    return padded;
  }
}

function saltedHash(page: Buffer): Buffer {
  return createHash('sha256').update(SALT).update(page).digest();
}
