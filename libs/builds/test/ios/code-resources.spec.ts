import { stringify } from 'simple-plist';

import { BuildError } from '../../src/errors.js';
import { inspectBuildBytes } from '../../src/inspect.js';
import { codeDirectoryHashes } from '../../src/ios/code-signature.js';
import { verifyResourceSeal } from '../../src/ios/code-resources.js';
import { MAX_SEAL_RULES, matchRule, parseRules } from '../../src/ios/seal-rules.js';
import { DEFAULT_LIMITS } from '../../src/limits.js';
import { openArchive } from '../../src/zip/archive.js';
import { bufferSource } from '../../src/zip/byte-source.js';
import { writeZip, type TestEntry } from '../zip-writer.js';
import { flipByte, rebuildIpa, refusal } from './ipa-rebuild.js';

const DEMO = 'Payload/Demo.app';
const APPEX = `${DEMO}/PlugIns/Notification.appex`;
const INFO_DEMO = 'Payload/AppInfoDemo.app';

describe('resource seal of the IPA fixtures', () => {
  it('refuses a resource file whose bytes changed, naming it', async () => {
    const nib = `${DEMO}/Base.lproj/Main.storyboardc/Info.plist`;
    const ipa = await rebuildIpa('embedded.ipa', (name, data) =>
      name === nib ? flipByte(10)(data) : data,
    );
    const error = await refusal(ipa);
    expect(error.code).toBe('DIGEST_MISMATCH');
    expect(error.message).toContain(nib);
  });

  it('accepts a change to a file that rules2 omits', async () => {
    const ipa = await rebuildIpa('embedded.ipa', (name, data) =>
      name === `${DEMO}/PkgInfo` ? Buffer.from('APPLXXXX') : data,
    );
    await expect(inspectBuildBytes(ipa)).resolves.toBeDefined();
  });

  it('refuses a file the seal does not list', async () => {
    const ipa = await rebuildIpa('embedded.ipa', undefined, () => [
      { name: `${DEMO}/payload.js`, data: Buffer.from('alert(1)') },
    ]);
    const error = await refusal(ipa);
    expect(error.code).toBe('DIGEST_MISMATCH');
    expect(error.message).toBe(`${DEMO}/payload.js: not sealed by CodeResources`);
  });

  it('accepts an unlisted file that rules2 omits', async () => {
    const ipa = await rebuildIpa('embedded.ipa', undefined, () => [
      { name: `${DEMO}/Base.lproj/.DS_Store`, data: Buffer.from('finder') },
    ]);
    await expect(inspectBuildBytes(ipa)).resolves.toBeDefined();
  });

  it('accepts a build without an optional file', async () => {
    const optional = `${INFO_DEMO}/Base.lproj/Main.storyboardc/Info.plist`;
    const ipa = await rebuildIpa('iphone.ipa', (name, data) => (name === optional ? null : data));
    await expect(inspectBuildBytes(ipa)).resolves.toBeDefined();
  });

  it('refuses a build without a listed file that is not optional', async () => {
    const required = `${INFO_DEMO}/archived-expanded-entitlements.xcent`;
    const ipa = await rebuildIpa('iphone.ipa', (name, data) => (name === required ? null : data));
    const error = await refusal(ipa);
    expect(error.code).toBe('DIGEST_MISMATCH');
    expect(error.message).toBe(`${required}: sealed by CodeResources, missing`);
  });
});

/** A bundle with a hand-made seal, checked by itself (its signature is not involved). */
async function sealOf(
  files2: Record<string, unknown>,
  files: TestEntry[],
  rules2: Record<string, unknown> = { '^.*': true, '^Info\\.plist$': { omit: true, weight: 20 } },
): Promise<BuildError | null> {
  const seal = Buffer.from(stringify({ files2, rules2 }), 'utf8');
  const zip = writeZip([
    { name: 'B.app/Info.plist', data: Buffer.from(stringify({ CFBundleExecutable: 'B' })) },
    { name: 'B.app/B', data: Buffer.from('code') },
    { name: 'B.app/_CodeSignature/CodeResources', data: seal },
    ...files,
  ]);
  const archive = await openArchive(bufferSource(zip), DEFAULT_LIMITS);
  try {
    await verifyResourceSeal(archive, 'B.app', DEFAULT_LIMITS);
    return null;
  } catch (error) {
    if (error instanceof BuildError) return error;
    throw error;
  } finally {
    archive.close();
  }
}

describe('hand-made seals', () => {
  let appex: Map<string, Buffer>;
  beforeAll(async () => {
    appex = new Map();
    await rebuildIpa('embedded.ipa', (name, data) => {
      if (name.startsWith(`${APPEX}/`)) appex.set(name.slice(APPEX.length + 1), data);
      return data;
    });
  });
  const framework = (): TestEntry[] =>
    [...appex]
      .filter(([name]) => !name.endsWith('/'))
      .map(([name, data]) => ({ name: `B.app/Frameworks/N.framework/${name}`, data }));

  it('accepts nested code named by its cdhash and covers its files', async () => {
    const [cdhash] = codeDirectoryHashes(appex.get('Notification')!);
    expect(await sealOf({ 'Frameworks/N.framework': { cdhash } }, framework())).toBeNull();
  });

  it('refuses nested code whose cdhash differs', async () => {
    const cdhash = Buffer.alloc(20, 7);
    const error = await sealOf({ 'Frameworks/N.framework': { cdhash } }, framework());
    expect(error?.code).toBe('DIGEST_MISMATCH');
    expect(error?.message).toContain('cdhash does not match');
  });

  it('checks symlinks by target', async () => {
    const link = { name: 'B.app/Current', data: Buffer.from('Versions/A') };
    expect(await sealOf({ Current: { symlink: 'Versions/A' } }, [link])).toBeNull();
    const error = await sealOf({ Current: { symlink: 'Versions/B' } }, [link]);
    expect(error?.code).toBe('DIGEST_MISMATCH');
  });

  it('refuses an entry with only the legacy SHA-1 hash', async () => {
    const file = { name: 'B.app/a.txt', data: Buffer.from('a') };
    const error = await sealOf({ 'a.txt': { hash: Buffer.alloc(20) } }, [file]);
    expect(error?.code).toBe('SIGNATURE_BLOCK_MALFORMED');
  });

  it('refuses a bundle without CodeResources', async () => {
    const zip = writeZip([{ name: 'B.app/Info.plist', data: Buffer.from(stringify({})) }]);
    const archive = await openArchive(bufferSource(zip), DEFAULT_LIMITS);
    await expect(verifyResourceSeal(archive, 'B.app', DEFAULT_LIMITS)).rejects.toMatchObject({
      code: 'UNSIGNED',
    });
    archive.close();
  });
});

describe('rules2', () => {
  it('lets the heaviest matching rule decide, an omitting one on a tie', () => {
    const rules = parseRules(
      {
        '^': { weight: 20 },
        '^.*': true,
        '^PkgInfo$': { omit: true, weight: 20 },
        '^.*\\.lproj/': { optional: true, weight: 1000 },
      },
      'seal',
    );
    expect(matchRule(rules, 'PkgInfo')?.omit).toBe(true);
    expect(matchRule(rules, 'a.txt')?.weight).toBe(20);
    expect(matchRule(rules, 'en.lproj/x')?.optional).toBe(true);
  });

  it('bounds the rule count and refuses a bad pattern', () => {
    const many = Object.fromEntries(
      Array.from({ length: MAX_SEAL_RULES + 1 }, (_, i) => [`^${i}$`, true]),
    );
    expect(() => parseRules(many, 'seal')).toThrow(
      expect.objectContaining({ code: 'TOO_MANY_ENTRIES' }) as BuildError,
    );
    expect(() => parseRules({ '(': true }, 'seal')).toThrow(
      expect.objectContaining({ code: 'SIGNATURE_BLOCK_MALFORMED' }) as BuildError,
    );
  });

  it('matches in linear time, so a signed pattern built to backtrack cannot stall the service', () => {
    const rules = parseRules({ '^(a+)+$': true, '^(a|aa)*c$': true }, 'seal');
    const path = `${'a'.repeat(20_000)}b`;
    const started = process.hrtime.bigint();
    expect(matchRule(rules, path)).toBeNull();
    // A backtracking engine needs longer than the universe has for this input.
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(5);
  });

  it('refuses what POSIX regular expressions do not have, such as backreferences', () => {
    expect(() => parseRules({ '^(a)\\1$': true }, 'seal')).toThrow(
      expect.objectContaining({ code: 'SIGNATURE_BLOCK_MALFORMED' }) as BuildError,
    );
  });
});
