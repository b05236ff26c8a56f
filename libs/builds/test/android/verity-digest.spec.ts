import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { readSigner } from '../../src/android/scheme-signer.js';
import { BLOCK_ID, readSigningBlock } from '../../src/android/signing-block.js';
import { verityDigest } from '../../src/android/verity-digest.js';
import { LvReader } from '../../src/android/lv-reader.js';
import { BuildError } from '../../src/errors.js';
import { DEFAULT_LIMITS } from '../../src/limits.js';
import { bufferSource } from '../../src/zip/byte-source.js';
import { readEndOfCentralDirectory } from '../../src/zip/eocd.js';

const FIXTURE = join(__dirname, '../fixtures/apk/v1v2v3-with-rsa-2048-lineage-3-signers.apk');
const VERITY_RSA = 0x0421;

/** A second, whole-buffer Merkle tree: hash 4096-byte pages after 8 zero bytes, level by level. */
function referenceRoot(data: Buffer): Buffer {
  const hashPages = (bytes: Buffer): Buffer => {
    const hashes: Buffer[] = [];
    for (let at = 0; at < Math.max(bytes.length, 1); at += 4096) {
      const page = Buffer.alloc(4096);
      bytes.copy(page, 0, at, Math.min(at + 4096, bytes.length));
      hashes.push(createHash('sha256').update(Buffer.alloc(8)).update(page).digest());
    }
    return Buffer.concat(hashes);
  };
  // The root is the hash of the top level's single page, so at least two levels of hashing.
  let level = hashPages(data);
  do level = hashPages(level);
  while (level.length > 32);
  return level;
}

describe('verity content digest', () => {
  it('equals the 0x0421 digest apksigner signed into a real APK', async () => {
    const apk = readFileSync(FIXTURE);
    const source = bufferSource(apk);
    const eocd = await readEndOfCentralDirectory(source);
    const block = await readSigningBlock(source, eocd, DEFAULT_LIMITS);
    const v2 = new LvReader(block!.pairs.get(BLOCK_ID.v2)!, 'v2').sequence(4);
    const signer = readSigner(v2[0]!, 'v2', 0, DEFAULT_LIMITS);

    const expected = signer.digests.get(VERITY_RSA);
    expect(expected).toHaveLength(40);
    expect(await verityDigest(source, eocd, block!.offset)).toEqual(expected);
  });

  it.each([1, 100, 150])(
    'matches a whole-buffer reference tree over a synthetic archive of %i pages',
    async (pages) => {
      const entries = randomBytes(pages * 4096);
      const signingBlock = randomBytes(777);
      const centralDirectory = randomBytes(5000);
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt32LE(centralDirectory.length, 12);
      end.writeUInt32LE(entries.length + signingBlock.length, 16);
      const file = Buffer.concat([entries, signingBlock, centralDirectory, end]);
      const eocd = await readEndOfCentralDirectory(bufferSource(file));

      const covered = Buffer.concat([entries, centralDirectory, end]);
      covered.writeUInt32LE(entries.length, covered.length - 22 + 16);
      const length = Buffer.alloc(8);
      length.writeBigUInt64LE(BigInt(covered.length));

      const actual = await verityDigest(bufferSource(file), eocd, entries.length);
      expect(actual).toEqual(Buffer.concat([referenceRoot(covered), length]));
    },
  );

  it('changes when one byte of the entries changes', async () => {
    const apk = Buffer.from(readFileSync(FIXTURE));
    const eocd = await readEndOfCentralDirectory(bufferSource(apk));
    const block = await readSigningBlock(bufferSource(apk), eocd, DEFAULT_LIMITS);
    const before = await verityDigest(bufferSource(apk), eocd, block!.offset);
    apk.writeUInt8(apk.readUInt8(5000) ^ 1, 5000);
    expect(await verityDigest(bufferSource(apk), eocd, block!.offset)).not.toEqual(before);
  });

  it('refuses a signing block that does not start on a page boundary', async () => {
    const apk = readFileSync(FIXTURE);
    const source = bufferSource(apk);
    const eocd = await readEndOfCentralDirectory(source);
    await expect(verityDigest(source, eocd, 4095)).rejects.toEqual(
      expect.objectContaining({ code: 'SIGNATURE_BLOCK_MALFORMED' }) as BuildError,
    );
  });
});
