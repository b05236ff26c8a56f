import { createHash } from 'node:crypto';

import { BuildError } from '../errors.js';
import { verifyCms } from '../crypto/cms.js';
import type { Certificate } from '../crypto/certificate.js';
import type { BuildLimits } from '../limits.js';
import type { Archive } from '../zip/archive.js';
import { digestAttributes, parseJarManifest, type JarManifest } from './jar-manifest.js';

/** The result of verifying a JAR (APK v1) signature over every covered entry. */
export interface JarSignature {
  readonly signers: readonly Certificate[];
  /** Scheme ids from X-Android-APK-Signed: the later APK schemes the signers say exist. */
  readonly androidApkSigned: readonly number[];
}

const MANIFEST = 'META-INF/MANIFEST.MF';
const BLOCK_EXTENSION = /\.(RSA|DSA|EC)$/i;

function invalid(detail: string): BuildError {
  return new BuildError('SIGNATURE_INVALID', `JAR signature: ${detail}`);
}

/** Verifies the JAR signature; null when the archive carries no signature block file. */
export async function verifyJarSignature(
  archive: Archive,
  limits: BuildLimits,
): Promise<JarSignature | null> {
  const blockFiles = [...archive.entries.keys()].filter(
    (name) => isTopLevelMetaInf(name) && BLOCK_EXTENSION.test(name),
  );
  if (blockFiles.length === 0) return null;
  if (blockFiles.length > limits.maxSigners)
    throw invalid(`more than ${limits.maxSigners} signers`);
  if (!archive.entries.has(MANIFEST)) throw invalid(`${MANIFEST} is missing`);

  const manifestBytes = await archive.read(MANIFEST, limits.maxMetadataBytes);
  const manifest = parseJarManifest(manifestBytes, MANIFEST);

  const signers: Certificate[] = [];
  const apkSigned = new Set<number>();
  for (const blockFile of blockFiles.sort()) {
    const sfName = blockFile.replace(BLOCK_EXTENSION, '.SF');
    if (!archive.entries.has(sfName)) throw invalid(`${blockFile} has no ${sfName}`);
    const sfBytes = await archive.read(sfName, limits.maxMetadataBytes);
    const block = await archive.read(blockFile, limits.maxMetadataBytes);

    const cms = verifyCms(block, sfBytes, `JAR signature ${blockFile}`);
    const sf = parseJarManifest(sfBytes, sfName);
    checkSignatureFile(sf, sfName, manifest, manifestBytes);
    signers.push(cms.signer);
    for (const id of apkSignedIds(sf, sfName)) apkSigned.add(id);
  }

  await checkEntries(archive, manifest);
  return { signers, androidApkSigned: [...apkSigned].sort() };
}

function isTopLevelMetaInf(name: string): boolean {
  return name.startsWith('META-INF/') && !name.slice('META-INF/'.length).includes('/');
}

/** The .SF must vouch for the whole manifest, or else for each of its sections. */
function checkSignatureFile(
  sf: JarManifest,
  sfName: string,
  manifest: JarManifest,
  manifestBytes: Buffer,
): void {
  if (digestsMatch(digestAttributes(sf.main, '-digest-manifest'), manifestBytes)) return;

  const mainDigests = digestAttributes(sf.main, '-digest-manifest-main-attributes');
  if (mainDigests.size > 0 && !digestsMatch(mainDigests, manifest.main.raw)) {
    throw new BuildError(
      'DIGEST_MISMATCH',
      `${sfName}: digest of the manifest's main attributes does not match`,
    );
  }
  for (const name of manifest.entries.keys()) {
    if (!sf.entries.has(name)) throw invalid(`${sfName} does not cover ${JSON.stringify(name)}`);
  }
  for (const [name, section] of sf.entries) {
    const target = manifest.entries.get(name);
    if (target === undefined)
      throw invalid(`${sfName} names ${JSON.stringify(name)}, absent from the manifest`);
    if (!digestsMatch(digestAttributes(section, '-digest'), target.raw)) {
      throw new BuildError(
        'DIGEST_MISMATCH',
        `${sfName}: digest of section ${JSON.stringify(name)} does not match`,
      );
    }
  }
}

/** True when at least one known digest is listed and every known one matches. */
function digestsMatch(expected: Map<string, Buffer>, bytes: Buffer): boolean {
  if (expected.size === 0) return false;
  return [...expected].every(([hash, digest]) =>
    createHash(hash).update(bytes).digest().equals(digest),
  );
}

function apkSignedIds(sf: JarManifest, sfName: string): number[] {
  const value = sf.main.attributes.get('x-android-apk-signed');
  if (value === undefined) return [];
  return value.split(',').map((part) => {
    const id = part.trim();
    if (!/^[1-9][0-9]{0,2}$/.test(id))
      throw invalid(`${sfName}: X-Android-APK-Signed is not a list of ids`);
    return Number(id);
  });
}

/** Every entry outside the signature files is listed in the manifest with a matching digest. */
async function checkEntries(archive: Archive, manifest: JarManifest): Promise<void> {
  for (const name of manifest.entries.keys()) {
    if (!archive.entries.has(name))
      throw invalid(`manifest lists ${JSON.stringify(name)}, absent from the archive`);
  }
  for (const entry of archive.entries.values()) {
    if (!needsDigest(entry.name)) continue;
    const section = manifest.entries.get(entry.name);
    if (section === undefined)
      throw invalid(`entry ${JSON.stringify(entry.name)} is not in the manifest`);
    const expected = digestAttributes(section, '-digest');
    if (expected.size === 0)
      throw invalid(`entry ${JSON.stringify(entry.name)} has no known digest`);

    const hashes = [...expected.keys()].map((hash) => createHash(hash));
    await archive.hash(entry.name, hashes);
    [...expected.values()].forEach((digest, i) => {
      if (!hashes[i]?.digest().equals(digest)) {
        throw new BuildError(
          'DIGEST_MISMATCH',
          `entry ${JSON.stringify(entry.name)}: digest does not match the manifest`,
        );
      }
    });
  }
}

/** Entries the platform requires to be signed: all but directories and signature files. */
function needsDigest(name: string): boolean {
  if (name.endsWith('/')) return false;
  if (!isTopLevelMetaInf(name)) return true;
  const file = name.slice('META-INF/'.length).toUpperCase();
  return !(
    file === 'MANIFEST.MF' ||
    file.endsWith('.SF') ||
    BLOCK_EXTENSION.test(file) ||
    file.startsWith('SIG-')
  );
}
