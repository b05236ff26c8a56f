import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { BuildError, type BuildErrorCode } from '../src/errors.js';
import { inspectBuildBytes } from '../src/inspect.js';
import type { InspectOptions } from '../src/facts.js';
import { writeZip } from './zip-writer.js';

const FIXTURES = join(__dirname, 'fixtures');
const original = (): Buffer => Buffer.from(readFileSync(join(FIXTURES, 'apk/original.apk')));

async function refusal(
  bytes: Buffer,
  options?: InspectOptions,
): Promise<BuildErrorCode | 'accepted'> {
  try {
    await inspectBuildBytes(bytes, options);
    return 'accepted';
  } catch (error) {
    if (error instanceof BuildError) return error.code;
    throw error;
  }
}

/** Offset of the APK Signing Block footer (size field) in original.apk. */
function signingBlockFooter(apk: Buffer): number {
  const eocd = apk.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  return apk.readUInt32LE(eocd + 16) - 24;
}

describe('hostile archives', () => {
  it('refuses bytes that are not a zip', async () => {
    expect(await refusal(Buffer.from('this is not an archive at all, just text'))).toBe(
      'NOT_AN_ARCHIVE',
    );
  });

  it('refuses a truncated archive', async () => {
    const apk = original();
    expect(await refusal(apk.subarray(0, apk.length - 200))).toBe('ARCHIVE_TRUNCATED');
  });

  it('refuses an entry whose compression ratio is a bomb', async () => {
    const zip = writeZip([
      { name: 'AndroidManifest.xml', data: Buffer.alloc(8 * 1024 * 1024), deflate: true },
    ]);
    expect(await refusal(zip)).toBe('ZIP_BOMB');
  });

  it('refuses an archive whose total uncompressed size passes the limit', async () => {
    const entries = ['a', 'b', 'c'].map((name) => ({ name, data: Buffer.alloc(600, 1) }));
    expect(await refusal(writeZip(entries), { limits: { maxTotalUncompressedBytes: 1000 } })).toBe(
      'ZIP_BOMB',
    );
  });

  it('refuses an entry larger than the entry limit', async () => {
    const zip = writeZip([{ name: 'big.bin', data: Buffer.alloc(4096, 7) }]);
    expect(await refusal(zip, { limits: { maxEntryBytes: 1024 } })).toBe('ENTRY_TOO_LARGE');
  });

  it('refuses an entry that inflates to more than it declares', async () => {
    const zip = writeZip([
      { name: 'AndroidManifest.xml', data: Buffer.alloc(4096, 3), deflate: true, declaredSize: 64 },
    ]);
    expect(await refusal(zip)).toBe('ARCHIVE_MALFORMED');
  });

  it.each([
    '../evil.so',
    'lib/../../evil.so',
    '/etc/passwd',
    'C:/evil',
    'lib\\evil.so',
    'a//b',
    'nul\u0000.txt',
  ])('refuses the unsafe entry name %j', async (name) => {
    expect(await refusal(writeZip([{ name, data: Buffer.from('x') }]))).toBe('UNSAFE_ENTRY_NAME');
  });

  it('refuses duplicate entries', async () => {
    const zip = writeZip([
      { name: 'AndroidManifest.xml', data: Buffer.from('one') },
      { name: 'AndroidManifest.xml', data: Buffer.from('two') },
    ]);
    expect(await refusal(zip)).toBe('DUPLICATE_ENTRY');
  });

  it('refuses an archive without a manifest', async () => {
    expect(await refusal(writeZip([{ name: 'readme.txt', data: Buffer.from('hi') }]))).toBe(
      'MANIFEST_MISSING',
    );
  });

  it('refuses a garbled manifest', async () => {
    const zip = writeZip([{ name: 'AndroidManifest.xml', data: Buffer.from('<manifest/>') }]);
    expect(await refusal(zip)).toBe('MANIFEST_MALFORMED');
  });

  it('refuses an archive larger than the archive limit', async () => {
    expect(await refusal(original(), { limits: { maxArchiveBytes: 1000 } })).toBe(
      'ARCHIVE_TOO_LARGE',
    );
  });
});

describe('signing blocks that lie about their length', () => {
  it('refuses a block whose size reaches before the file start', async () => {
    const apk = original();
    apk.writeBigUInt64LE(BigInt(apk.length * 2), signingBlockFooter(apk));
    expect(await refusal(apk)).toBe('SIGNATURE_BLOCK_MALFORMED');
  });

  it('refuses a block whose two size fields differ', async () => {
    const apk = original();
    const footer = signingBlockFooter(apk);
    apk.writeBigUInt64LE(apk.readBigUInt64LE(footer) - 8n, footer);
    expect(await refusal(apk)).toBe('SIGNATURE_BLOCK_MALFORMED');
  });

  it('refuses a block larger than the limit', async () => {
    expect(await refusal(original(), { limits: { maxSigningBlockBytes: 64 } })).toBe(
      'SIGNATURE_BLOCK_MALFORMED',
    );
  });

  it('refuses a pair whose length runs past the block', async () => {
    const apk = original();
    const footer = signingBlockFooter(apk);
    const start = footer - Number(apk.readBigUInt64LE(footer)) + 24 - 8;
    apk.writeBigUInt64LE(0xffffn, start + 8);
    expect(await refusal(apk)).toBe('SIGNATURE_BLOCK_MALFORMED');
  });

  it('refuses a signer record whose inner length lies', async () => {
    const apk = original();
    const footer = signingBlockFooter(apk);
    const start = footer - Number(apk.readBigUInt64LE(footer)) + 24 - 8;
    // First pair: u64 length, u32 id (v2), then the signers sequence length.
    apk.writeUInt32LE(0x7fffffff, start + 8 + 12);
    expect(await refusal(apk)).toBe('SIGNATURE_BLOCK_MALFORMED');
  });

  it('refuses an APK whose signed contents were altered after signing', async () => {
    const apk = original();
    const at = apk.indexOf(Buffer.from('classes.dex')) + 40;
    apk[at] = (apk[at] ?? 0) ^ 0xff;
    expect(await refusal(apk)).toBe('DIGEST_MISMATCH');
  });
});
