import { createHash } from 'node:crypto';

import { BuildError } from '../errors.js';
import type { BuildLimits } from '../limits.js';
import type { Archive } from '../zip/archive.js';
import { codeDirectoryHashes } from './code-signature.js';
import { parsePlist, stringField } from './plist.js';
import { matchRule, parseRules } from './seal-rules.js';

/** Most files one bundle's CodeResources may list, and most files a sealed bundle may hold. */
export const MAX_SEALED_FILES = 20_000;
/** Longest symlink target a CodeResources entry may name. */
export const MAX_SYMLINK_TARGET = 1024;

const SHA256_LENGTH = 32;
const CDHASH_LENGTH = 20;

interface SealEntry {
  readonly path: string;
  readonly hash2?: Buffer;
  readonly cdhash?: Buffer;
  readonly symlink?: string;
  readonly optional: boolean;
}

function malformed(what: string, detail: string): BuildError {
  return new BuildError('SIGNATURE_BLOCK_MALFORMED', `${what}: ${detail}`);
}

/**
 * Checks a bundle's resource seal (`_CodeSignature/CodeResources`, already bound to the code
 * signature through its special slot): every listed file exists (unless optional) with the
 * listed SHA-256, nested code has the listed cdhash, and every other file of the bundle is
 * omitted by `rules2`.
 */
export async function verifyResourceSeal(
  archive: Archive,
  bundlePath: string,
  limits: BuildLimits,
): Promise<void> {
  const what = `${bundlePath}/_CodeSignature/CodeResources`;
  if (!archive.entries.has(what))
    throw new BuildError('UNSIGNED', `${bundlePath}: resources are not sealed, ${what} is missing`);
  const seal = parsePlist(
    await archive.read(what, limits.maxMetadataBytes),
    'SIGNATURE_BLOCK_MALFORMED',
    what,
  );
  const info = parsePlist(
    await archive.read(`${bundlePath}/Info.plist`, limits.maxMetadataBytes),
    'MANIFEST_MALFORMED',
    `${bundlePath}/Info.plist`,
  );
  const executable = stringField(info, 'CFBundleExecutable', 'MANIFEST_MALFORMED', bundlePath);
  const rules = parseRules(seal['rules2'], what);
  const entries = parseEntries(seal['files2'], what);

  // The bundle's own signature folder and main executable are sealed by the signature itself.
  const files = bundleFiles(archive, bundlePath).filter(
    (path) => !path.startsWith('_CodeSignature/') && path !== executable,
  );
  const present = new Set(files);

  // Listed entries: nested code by cdhash (its designated requirement is not evaluated; the
  // nested-code walk checks its signer instead), symlinks by target, files by SHA-256.
  const nested: string[] = [];
  for (const entry of entries) {
    const name = `${bundlePath}/${entry.path}`;
    if (entry.cdhash !== undefined) {
      await checkNestedCode(archive, name, entry.cdhash, present, entry.path, limits);
      nested.push(entry.path);
    } else if (!present.has(entry.path)) {
      if (!entry.optional)
        throw new BuildError('DIGEST_MISMATCH', `${name}: sealed by CodeResources, missing`);
    } else if (entry.symlink !== undefined) {
      const target = await archive.read(name, MAX_SYMLINK_TARGET);
      if (target.toString('utf8') !== entry.symlink)
        throw new BuildError('DIGEST_MISMATCH', `${name}: symlink target does not match the seal`);
    } else if (entry.hash2 !== undefined) {
      const hash = createHash('sha256');
      await archive.hash(name, [hash]);
      if (!hash.digest().equals(entry.hash2))
        throw new BuildError('DIGEST_MISMATCH', `${name}: SHA-256 does not match CodeResources`);
    }
  }

  // Files the seal does not list must be omitted by a rule (nested code's files by its seal).
  const listed = new Set(entries.map((entry) => entry.path));
  for (const path of files) {
    if (listed.has(path) || nested.some((root) => path.startsWith(`${root}/`))) continue;
    if (matchRule(rules, path)?.omit === true) continue;
    throw new BuildError('DIGEST_MISMATCH', `${bundlePath}/${path}: not sealed by CodeResources`);
  }
}

function bundleFiles(archive: Archive, bundlePath: string): string[] {
  const prefix = `${bundlePath}/`;
  const files: string[] = [];
  for (const [name, entry] of archive.entries) {
    if (entry.isDirectory || !name.startsWith(prefix)) continue;
    files.push(name.slice(prefix.length));
    if (files.length > MAX_SEALED_FILES)
      throw new BuildError(
        'TOO_MANY_ENTRIES',
        `${bundlePath}: more than ${MAX_SEALED_FILES} files`,
      );
  }
  return files;
}

/** A nested bundle's main executable (or a bare library) must carry the listed cdhash. */
async function checkNestedCode(
  archive: Archive,
  name: string,
  cdhash: Buffer,
  present: ReadonlySet<string>,
  path: string,
  limits: BuildLimits,
): Promise<void> {
  let executable = name;
  if (!present.has(path)) {
    const infoName = `${name}/Info.plist`;
    if (!archive.entries.has(infoName))
      throw new BuildError('DIGEST_MISMATCH', `${name}: sealed nested code is missing`);
    const info = parsePlist(
      await archive.read(infoName, limits.maxMetadataBytes),
      'MANIFEST_MALFORMED',
      infoName,
    );
    executable = `${name}/${stringField(info, 'CFBundleExecutable', 'MANIFEST_MALFORMED', infoName)}`;
    if (!archive.entries.has(executable))
      throw new BuildError('DIGEST_MISMATCH', `${name}: sealed nested code is missing`);
  }
  const hashes = codeDirectoryHashes(await archive.read(executable, limits.maxExecutableBytes));
  if (!hashes.some((hash) => hash.equals(cdhash)))
    throw new BuildError('DIGEST_MISMATCH', `${name}: cdhash does not match CodeResources`);
}

function parseEntries(files2: unknown, what: string): SealEntry[] {
  if (typeof files2 !== 'object' || files2 === null || Array.isArray(files2))
    throw malformed(what, 'expected a files2 dictionary');
  const keys = Object.keys(files2);
  if (keys.length > MAX_SEALED_FILES)
    throw new BuildError('TOO_MANY_ENTRIES', `${what}: more than ${MAX_SEALED_FILES} files`);
  return keys.map((path) => parseEntry(path, (files2 as Record<string, unknown>)[path], what));
}

function parseEntry(path: string, value: unknown, what: string): SealEntry {
  if (path.length === 0 || path.startsWith('/') || path.split('/').includes('..'))
    throw malformed(what, `files2 key ${JSON.stringify(path)} is not a bundle path`);
  // A bare data value is the legacy SHA-1 form, which files2 never uses.
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value))
    throw malformed(what, `files2 ${path}: expected a dictionary`);
  const entry = value as Record<string, unknown>;
  const optional = entry['optional'] === true;
  const { hash2, cdhash, symlink } = entry;
  if (Buffer.isBuffer(hash2) && hash2.length === SHA256_LENGTH) return { path, hash2, optional };
  if (Buffer.isBuffer(cdhash) && cdhash.length === CDHASH_LENGTH) return { path, cdhash, optional };
  if (typeof symlink === 'string' && symlink.length <= MAX_SYMLINK_TARGET)
    return { path, symlink, optional };
  throw malformed(what, `files2 ${path}: expected a SHA-256 hash2, a cdhash or a symlink`);
}
