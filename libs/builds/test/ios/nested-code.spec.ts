import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IosBuildFacts } from '../../src/facts.js';
import { BuildError } from '../../src/errors.js';
import { inspectBuildBytes } from '../../src/inspect.js';
import { MAX_NESTING_DEPTH, verifyNestedTree, type NestedTree } from '../../src/ios/nested-tree.js';
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

/** Walks the code nested in the app, without the app's resource seal (which no added bundle can pass). */
async function walk(ipa: Buffer): Promise<NestedTree> {
  const original = await inspectBuildBytes(readFileSync(join(IPA_FIXTURES, 'embedded.ipa')));
  const archive = await openArchive(bufferSource(ipa), DEFAULT_LIMITS);
  try {
    return await verifyNestedTree(archive, APP, (original as IosBuildFacts).teamId, DEFAULT_LIMITS);
  } finally {
    archive.close();
  }
}

async function walkRefusal(ipa: Buffer): Promise<BuildError> {
  try {
    await walk(ipa);
  } catch (error) {
    if (error instanceof BuildError) return error;
    throw error;
  }
  throw new Error('expected the nested code to be refused');
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
  it('accepts a framework signed by the app team, which the app seal then refuses', async () => {
    const ipa = await rebuildIpa('embedded.ipa', undefined, (files) =>
      copyExtension(files, FRAMEWORK, ['embedded.mobileprovision']),
    );
    const tree = await walk(ipa);
    expect(tree.bundles.map((bundle) => bundle.path)).toEqual([APPEX]);
    expect(tree.sealed).toEqual([APPEX, FRAMEWORK]);
    const error = await refusal(ipa);
    expect(error.code).toBe('DIGEST_MISMATCH');
    expect(error.message).toContain(`${FRAMEWORK}/`);
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
    const tree = await walk(ipa);
    expect(tree.bundles.map((bundle) => bundle.path)).toEqual([APPEX, WATCH]);
    expect(tree.bundles[1]?.bundleId).toBe(tree.bundles[0]?.bundleId);
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

describe('code nested in nested code', () => {
  const DEEP_APPEX = `${WATCH}/PlugIns/Deep.appex`;
  const INNER = `${FRAMEWORK}/Frameworks/Inner.framework`;

  it('verifies an extension inside a watch app and reports it', async () => {
    const ipa = await rebuildIpa('embedded.ipa', undefined, (files) => [
      ...copyExtension(files, WATCH),
      ...copyExtension(files, DEEP_APPEX),
    ]);
    const tree = await walk(ipa);
    expect(tree.bundles.map((bundle) => bundle.path)).toEqual([APPEX, WATCH, DEEP_APPEX]);
    expect(tree.sealed).toEqual([APPEX, WATCH, DEEP_APPEX]);
  });

  it('refuses an extension inside a watch app whose executable was changed', async () => {
    const ipa = await rebuildIpa('embedded.ipa', undefined, (files) => [
      ...copyExtension(files, WATCH),
      ...copyExtension(files, DEEP_APPEX).map((entry) =>
        entry.name === `${DEEP_APPEX}/Notification`
          ? { ...entry, data: flipByte(30_000)(entry.data) }
          : entry,
      ),
    ]);
    expect((await walkRefusal(ipa)).code).toBe('DIGEST_MISMATCH');
    expect((await refusal(ipa)).code).toBe('DIGEST_MISMATCH');
  });

  it('verifies a framework inside a framework', async () => {
    const ipa = await rebuildIpa('embedded.ipa', undefined, (files) => [
      ...copyExtension(files, FRAMEWORK, ['embedded.mobileprovision']),
      ...copyExtension(files, INNER, ['embedded.mobileprovision']),
    ]);
    expect((await walk(ipa)).sealed).toEqual([APPEX, FRAMEWORK, INNER]);
  });

  it('refuses a framework inside a framework whose executable was changed', async () => {
    const ipa = await rebuildIpa('embedded.ipa', undefined, (files) => [
      ...copyExtension(files, FRAMEWORK),
      ...copyExtension(files, INNER).map((entry) =>
        entry.name === `${INNER}/Notification`
          ? { ...entry, data: flipByte(30_000)(entry.data) }
          : entry,
      ),
    ]);
    expect((await walkRefusal(ipa)).code).toBe('DIGEST_MISMATCH');
  });

  it('refuses a framework inside a watch app signed by another team', async () => {
    const other = await iphoneFiles();
    const ipa = await rebuildIpa('embedded.ipa', undefined, (files) => [
      ...copyExtension(files, WATCH),
      ...[...other].map(([name, data]) => ({
        name: `${WATCH}/Frameworks/Other.framework/${name}`,
        data,
      })),
    ]);
    expect((await walkRefusal(ipa)).code).toBe('SIGNER_MISMATCH');
  });

  it('refuses a library inside a framework that is not signed', async () => {
    const header = Buffer.alloc(32);
    header.writeUInt32LE(0xfeedfacf, 0);
    const ipa = await rebuildIpa('embedded.ipa', undefined, (files) => [
      ...copyExtension(files, FRAMEWORK),
      { name: `${FRAMEWORK}/Frameworks/libplain.dylib`, data: header },
    ]);
    expect((await walkRefusal(ipa)).code).toBe('UNSIGNED');
  });

  it(`refuses code nested deeper than ${MAX_NESTING_DEPTH} levels`, async () => {
    const levels = (depth: number): string[] =>
      Array.from({ length: depth }, (_, i) => `${APP}${'/Frameworks/F.framework'.repeat(i + 1)}`);
    const build = (depth: number): Promise<Buffer> =>
      rebuildIpa('embedded.ipa', undefined, (files) =>
        levels(depth).flatMap((folder) => copyExtension(files, folder)),
      );
    expect((await walk(await build(MAX_NESTING_DEPTH))).sealed).toHaveLength(1 + MAX_NESTING_DEPTH);
    expect((await walkRefusal(await build(MAX_NESTING_DEPTH + 1))).code).toBe('TOO_MANY_ENTRIES');
  });
});
