import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { inspectBuildBytes } from '../../src/inspect.js';
import { flipByte, IPA_FIXTURES, rebuildIpa, refusal } from './ipa-rebuild.js';

const DEMO = 'Payload/Demo.app/Demo';
const DEMO_RESOURCES = 'Payload/Demo.app/_CodeSignature/CodeResources';
const IPHONE = 'Payload/AppInfoDemo.app/AppInfoDemo';

/** Offset of the second architecture's image in a fat Mach-O. */
const secondSlice = (fat: Buffer): number => fat.readUInt32BE(8 + 20 + 8);

describe('code page hashes', () => {
  it('accepts an IPA whose files are repackaged unchanged', async () => {
    const facts = await inspectBuildBytes(await rebuildIpa('embedded.ipa'));
    const expected = await inspectBuildBytes(readFileSync(join(IPA_FIXTURES, 'embedded.ipa')));
    expect({ ...facts, fileSha256: '' }).toEqual({ ...expected, fileSha256: '' });
  });

  it('refuses an executable with one byte changed in its code', async () => {
    const ipa = await rebuildIpa('embedded.ipa', (name, data) =>
      name === DEMO ? flipByte(20_000)(data) : data,
    );
    const error = await refusal(ipa);
    expect(error.code).toBe('DIGEST_MISMATCH');
    expect(error.message).toContain('code page 4 ');
  });

  it('refuses a change in the second architecture of a fat executable', async () => {
    const ipa = await rebuildIpa('iphone.ipa', (name, data) =>
      name === IPHONE ? flipByte(secondSlice(data) + 10_000)(data) : data,
    );
    const error = await refusal(ipa);
    expect(error.code).toBe('DIGEST_MISMATCH');
    expect(error.message).toContain('code page 2 ');
  });

  it('refuses an alternate CodeDirectory whose page hash was changed', async () => {
    const ipa = await rebuildIpa('iphone.ipa', (name, data) => {
      if (name !== IPHONE) return data;
      // The SHA-256 CodeDirectory is not what the CMS signs directly; it must match anyway.
      const sha256Directory = data.indexOf(Buffer.from([0xfa, 0xde, 0x0c, 0x02, 0, 0, 0x02, 0x97]));
      const hashOffset = data.readUInt32BE(sha256Directory + 16);
      return flipByte(sha256Directory + hashOffset)(data);
    });
    const error = await refusal(ipa);
    expect(error.code).toBe('DIGEST_MISMATCH');
    expect(error.message).toContain('code page 0 ');
  });

  it('refuses a changed _CodeSignature/CodeResources', async () => {
    const ipa = await rebuildIpa('embedded.ipa', (name, data) =>
      name === DEMO_RESOURCES ? flipByte(200)(data) : data,
    );
    const error = await refusal(ipa);
    expect(error.code).toBe('DIGEST_MISMATCH');
    expect(error.message).toContain('CodeResources hash does not match');
  });

  it('refuses a bundle without the CodeResources its signature hashes', async () => {
    const ipa = await rebuildIpa('embedded.ipa', (name, data) =>
      name === DEMO_RESOURCES ? null : data,
    );
    const error = await refusal(ipa);
    expect(error.code).toBe('DIGEST_MISMATCH');
    expect(error.message).toContain('hashed CodeResources is missing');
  });
});
