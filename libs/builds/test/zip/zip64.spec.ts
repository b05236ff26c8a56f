import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { BuildError, type BuildErrorCode } from '../../src/errors.js';
import type { InspectOptions } from '../../src/facts.js';
import { inspectBuildBytes } from '../../src/inspect.js';
import { DEFAULT_LIMITS } from '../../src/limits.js';
import { openArchive } from '../../src/zip/archive.js';
import { bufferSource } from '../../src/zip/byte-source.js';
import { toZip64, writeZip } from '../zip-writer.js';

const FIXTURES = join(__dirname, '../fixtures/apk');
const fixture = (name: string): Buffer => Buffer.from(readFileSync(join(FIXTURES, name)));
const EOCD_LENGTH = 22;
const LOCATOR_LENGTH = 20;
const RECORD_LENGTH = 56;

async function refusal(bytes: Buffer, options?: InspectOptions): Promise<BuildErrorCode | 'ok'> {
  try {
    await inspectBuildBytes(bytes, options);
    return 'ok';
  } catch (error) {
    if (error instanceof BuildError) return error.code;
    throw error;
  }
}

async function openCode(bytes: Buffer): Promise<BuildErrorCode | 'ok'> {
  try {
    (await openArchive(bufferSource(bytes), DEFAULT_LIMITS)).close();
    return 'ok';
  } catch (error) {
    if (error instanceof BuildError) return error.code;
    throw error;
  }
}

/** Offset of the zip64 end record in an archive written by toZip64 (no EOCD comment). */
const recordAt = (zip: Buffer): number => zip.length - EOCD_LENGTH - LOCATOR_LENGTH - RECORD_LENGTH;

const twoEntries = (): Buffer =>
  toZip64(
    writeZip([
      { name: 'a.txt', data: Buffer.from('first entry') },
      { name: 'b.bin', data: Buffer.alloc(5000, 9), deflate: true },
    ]),
  );

describe('zip64 archives', () => {
  it('reads entries whose sizes and offsets are in zip64 extra fields', async () => {
    const archive = await openArchive(bufferSource(twoEntries()), DEFAULT_LIMITS);
    try {
      expect(archive.eocd.zip64RecordOffset).not.toBeNull();
      expect(archive.eocd.entryCount).toBe(2);
      expect(archive.entries.get('b.bin')?.uncompressedSize).toBe(5000);
      expect((await archive.read('a.txt', 100)).toString()).toBe('first entry');
      expect(await archive.read('b.bin', 5000)).toEqual(Buffer.alloc(5000, 9));
    } finally {
      archive.close();
    }
  });

  it('yields the same facts for a v1-signed APK rewritten as zip64', async () => {
    const apk = fixture('golden-aligned-v1-out.apk');
    const { fileSha256: zip64Sha256, ...zip64Facts } = await inspectBuildBytes(toZip64(apk));
    const { fileSha256, ...facts } = await inspectBuildBytes(apk);
    expect(zip64Sha256).not.toBe(fileSha256);
    expect(zip64Facts).toEqual(facts);
  });

  it('refuses an APK Signing Block inside a zip64 archive', async () => {
    expect(await refusal(toZip64(fixture('original.apk')))).toBe('SIGNATURE_BLOCK_MALFORMED');
  });
});

describe('zip64 archives that lie', () => {
  it('refuses an entry whose zip64 size passes the entry limit', async () => {
    const data = Buffer.alloc(10);
    const zip = toZip64(writeZip([{ name: 'AndroidManifest.xml', data, deflate: true }]), {
      declaredSize: 10n * 1024n ** 3n,
    });
    expect(await refusal(zip)).toBe('ENTRY_TOO_LARGE');
  });

  it('refuses an entry whose zip64 size gives a bomb ratio', async () => {
    const data = Buffer.alloc(64 * 1024, 1);
    const zip = toZip64(writeZip([{ name: 'AndroidManifest.xml', data, deflate: true }]), {
      declaredSize: BigInt(512 * 1024 * 1024),
    });
    expect(await refusal(zip)).toBe('ZIP_BOMB');
  });

  it('refuses zip64 sizes whose total passes the archive budget', async () => {
    const entries = ['a', 'b', 'c'].map((name) => ({ name, data: Buffer.alloc(600, 1) }));
    expect(
      await refusal(toZip64(writeZip(entries)), { limits: { maxTotalUncompressedBytes: 1000 } }),
    ).toBe('ZIP_BOMB');
  });

  it('refuses an entry that inflates to more than its zip64 size', async () => {
    const zip = toZip64(
      writeZip([{ name: 'AndroidManifest.xml', data: Buffer.alloc(4096, 3), deflate: true }]),
      { declaredSize: 64n },
    );
    expect(await refusal(zip)).toBe('ARCHIVE_MALFORMED');
  });

  it('refuses an entry with two zip64 extra fields', async () => {
    const zip = toZip64(writeZip([{ name: 'a', data: Buffer.from('x') }]), {
      duplicateExtra: true,
    });
    expect(await openCode(zip)).toBe('ARCHIVE_MALFORMED');
  });

  it('refuses a zip64 marker in the EOCD record without a locator', async () => {
    const zip = writeZip([{ name: 'a', data: Buffer.from('x') }]);
    zip.writeUInt32LE(0xffffffff, zip.length - EOCD_LENGTH + 12);
    expect(await openCode(zip)).toBe('ARCHIVE_MALFORMED');
  });

  it('refuses EOCD fields that disagree with the zip64 record', async () => {
    const zip = twoEntries();
    zip.writeUInt16LE(1, zip.length - EOCD_LENGTH + 8);
    zip.writeUInt16LE(1, zip.length - EOCD_LENGTH + 10);
    expect(await openCode(zip)).toBe('ARCHIVE_MALFORMED');
  });

  it.each([
    ['central directory offset', 48, 1n],
    ['central directory size', 40, 1n << 40n],
    ['entry count', 32, 1n << 40n],
    ['entry count (matching on-disk count)', 24, 3n],
    ['record size', 4, 1000n],
  ])('refuses a zip64 record whose %s lies', async (_what, offset, value) => {
    const zip = twoEntries();
    zip.writeBigUInt64LE(value, recordAt(zip) + offset);
    if (offset === 24) zip.writeBigUInt64LE(value, recordAt(zip) + 32);
    expect(await openCode(zip)).toBe('ARCHIVE_MALFORMED');
  });

  it.each([
    ['past the end of the file', 1n << 50n],
    ['onto the central directory', 10n],
  ])('refuses a locator that points %s', async (_what, value) => {
    const zip = twoEntries();
    zip.writeBigUInt64LE(value, zip.length - EOCD_LENGTH - LOCATOR_LENGTH + 8);
    expect(await openCode(zip)).toBe('ARCHIVE_MALFORMED');
  });

  it('refuses a zip64 record on another disk', async () => {
    const zip = twoEntries();
    zip.writeUInt32LE(1, recordAt(zip) + 16);
    expect(await openCode(zip)).toBe('ARCHIVE_MALFORMED');
  });
});
