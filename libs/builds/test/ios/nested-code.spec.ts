import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IosBuildFacts } from '../../src/facts.js';
import { inspectBuildBytes } from '../../src/inspect.js';
import { DEFAULT_LIMITS } from '../../src/limits.js';
import { openArchive } from '../../src/zip/archive.js';
import { bufferSource } from '../../src/zip/byte-source.js';
import type { TestEntry } from '../zip-writer.js';
import { flipByte, IPA_FIXTURES, rebuildIpa, refusal } from './ipa-rebuild.js';

const APP = 'Payload/Demo.app';
const APPEX = `${APP}/PlugIns/Notification.appex`;
const FRAMEWORK = `${APP}/Frameworks/Note.framework`;
const WATCH = `${APP}/Watch/Note.app`;

/** Copies the signed extension's files to another folder of the same IPA. */
function copyExtension(
  files: ReadonlyMap<string, Buffer>,
  to: string,
  skip: readonly string[] = [],
): TestEntry[] {
  return [...files]
    .filter(([name]) => name.startsWith(`${APPEX}/`) && !name.endsWith('/'))
    .map(([name, data]) => ({ name: `${to}/${name.slice(APPEX.length + 1)}`, data }))
    .filter((entry) => !skip.some((suffix) => entry.name.endsWith(suffix)));
}

async function iphoneFiles(): Promise<Map<string, Buffer>> {
  const bytes = readFileSync(join(IPA_FIXTURES, 'iphone.ipa'));
  const archive = await openArchive(bufferSource(bytes), DEFAULT_LIMITS);
  try {
    const files = new Map<string, Buffer>();
    for (const name of ['Info.plist', 'AppInfoDemo', '_CodeSignature/CodeResources']) {
      files.set(name, await archive.read(`Payload/AppInfoDemo.app/${name}`, 1024 * 1024));
    }
    return files;
  } finally {
    archive.close();
  }
}

describe('frameworks, libraries and watch apps', () => {
  it('accepts a framework signed by the app team', async () => {
    const ipa = await rebuildIpa('embedded.ipa', undefined, (files) =>
      copyExtension(files, FRAMEWORK, ['embedded.mobileprovision']),
    );
    const facts = await inspectBuildBytes(ipa);
    const original = await inspectBuildBytes(readFileSync(join(IPA_FIXTURES, 'embedded.ipa')));
    expect({ ...facts, fileSha256: '' }).toEqual({ ...original, fileSha256: '' });
  });

  it('refuses a framework whose executable was changed', async () => {
    const ipa = await rebuildIpa('embedded.ipa', undefined, (files) =>
      copyExtension(files, FRAMEWORK).map((entry) =>
        entry.name.endsWith('/Notification')
          ? { ...entry, data: flipByte(30_000)(entry.data) }
          : entry,
      ),
    );
    expect((await refusal(ipa)).code).toBe('DIGEST_MISMATCH');
  });

  it('refuses a framework without Info.plist', async () => {
    const ipa = await rebuildIpa('embedded.ipa', undefined, (files) =>
      copyExtension(files, FRAMEWORK, ['Info.plist']),
    );
    expect((await refusal(ipa)).code).toBe('MANIFEST_MALFORMED');
  });

  it('refuses a framework signed by another team', async () => {
    const other = await iphoneFiles();
    const ipa = await rebuildIpa('embedded.ipa', undefined, () =>
      [...other].map(([name, data]) => ({ name: `${FRAMEWORK}/${name}`, data })),
    );
    expect((await refusal(ipa)).code).toBe('SIGNER_MISMATCH');
  });

  it('refuses an unsigned library', async () => {
    const header = Buffer.alloc(32);
    header.writeUInt32LE(0xfeedfacf, 0);
    const ipa = await rebuildIpa('embedded.ipa', undefined, () => [
      { name: `${APP}/Frameworks/libplain.dylib`, data: header },
    ]);
    expect((await refusal(ipa)).code).toBe('UNSIGNED');
  });

  it('refuses a library whose signature hashes an Info.plist it does not have', async () => {
    const ipa = await rebuildIpa('embedded.ipa', undefined, (files) => [
      { name: `${APP}/Frameworks/libnote.dylib`, data: files.get(`${APPEX}/Notification`)! },
    ]);
    const error = await refusal(ipa);
    expect(error.code).toBe('DIGEST_MISMATCH');
    expect(error.message).toContain('hashed Info.plist is missing');
  });

  it('verifies a watch app as a full bundle and reports it', async () => {
    const ipa = await rebuildIpa('embedded.ipa', undefined, (files) => copyExtension(files, WATCH));
    const facts = (await inspectBuildBytes(ipa)) as IosBuildFacts;
    expect(facts.nestedBundles.map((bundle) => bundle.path)).toEqual([APPEX, WATCH]);
    expect(facts.nestedBundles[1]?.bundleId).toBe(facts.nestedBundles[0]?.bundleId);
  });

  it('refuses a watch app whose executable was changed', async () => {
    const ipa = await rebuildIpa('embedded.ipa', undefined, (files) =>
      copyExtension(files, WATCH).map((entry) =>
        entry.name.endsWith('/Notification')
          ? { ...entry, data: flipByte(30_000)(entry.data) }
          : entry,
      ),
    );
    expect((await refusal(ipa)).code).toBe('DIGEST_MISMATCH');
  });

  it('refuses a watch app without Info.plist', async () => {
    const ipa = await rebuildIpa('embedded.ipa', undefined, (files) =>
      copyExtension(files, WATCH, ['Info.plist']),
    );
    expect((await refusal(ipa)).code).toBe('MANIFEST_MALFORMED');
  });
});
