import { createHash } from 'node:crypto';

import type { ByteSource } from '../zip/byte-source.js';
import type { EndOfCentralDirectory } from '../zip/eocd.js';

const CHUNK_BYTES = 1024 * 1024;
const EOCD_CD_OFFSET_FIELD = 16;

/**
 * The chunked content digest of APK Signature Scheme v2/v3: the zip entries before the signing
 * block, the central directory, and the EOCD record with its central directory offset pointing
 * at the signing block, each cut in 1 MiB chunks; chunk digests are then digested together.
 */
export async function chunkedDigest(
  source: ByteSource,
  eocd: EndOfCentralDirectory,
  signingBlockOffset: number,
  hash: 'sha256' | 'sha512',
): Promise<Buffer> {
  const eocdBytes = Buffer.from(await source.read(eocd.eocdOffset, source.size - eocd.eocdOffset));
  eocdBytes.writeUInt32LE(signingBlockOffset, EOCD_CD_OFFSET_FIELD);

  const chunkDigests: Buffer[] = [];
  const digestChunk = (chunk: Buffer): void => {
    const prefix = Buffer.alloc(5);
    prefix.writeUInt8(0xa5, 0);
    prefix.writeUInt32LE(chunk.length, 1);
    chunkDigests.push(createHash(hash).update(prefix).update(chunk).digest());
  };

  for (const [start, end] of [
    [0, signingBlockOffset],
    [eocd.cdOffset, eocd.cdOffset + eocd.cdSize],
  ] as const) {
    for (let at = start; at < end; at += CHUNK_BYTES) {
      digestChunk(await source.read(at, Math.min(CHUNK_BYTES, end - at)));
    }
  }
  for (let at = 0; at < eocdBytes.length; at += CHUNK_BYTES) {
    digestChunk(eocdBytes.subarray(at, at + CHUNK_BYTES));
  }

  const header = Buffer.alloc(5);
  header.writeUInt8(0x5a, 0);
  header.writeUInt32LE(chunkDigests.length, 1);
  const top = createHash(hash).update(header);
  for (const digest of chunkDigests) top.update(digest);
  return top.digest();
}
