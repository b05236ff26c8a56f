import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

import { AAB_MANIFEST, inspectAab } from './android/inspect-aab.js';
import { APK_MANIFEST, inspectApk } from './android/inspect-apk.js';
import { BuildError } from './errors.js';
import { inspectIpa, isIpa } from './ios/inspect-ipa.js';
import type { BuildFacts, InspectOptions } from './facts.js';
import { resolveLimits, type BuildLimits } from './limits.js';
import { openArchive, type Archive } from './zip/archive.js';
import { bufferSource, fileSource, type ByteSource } from './zip/byte-source.js';

const HASH_CHUNK = 1024 * 1024;

/** Reads a build file (APK, AAB or IPA), verifies its signatures and returns its identity facts. */
export async function inspectBuild(
  filePath: string,
  options?: InspectOptions,
): Promise<BuildFacts> {
  if (typeof filePath !== 'string' || filePath.length === 0)
    throw new TypeError('filePath must be a path');
  const limits = resolveLimits(options?.limits);
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    return await inspectSource(fileSource(handle, size), limits);
  } finally {
    await handle.close();
  }
}

/** The same as inspectBuild, over bytes already in memory. */
export async function inspectBuildBytes(
  bytes: Uint8Array,
  options?: InspectOptions,
): Promise<BuildFacts> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  return inspectSource(bufferSource(bytes), resolveLimits(options?.limits));
}

async function inspectSource(source: ByteSource, limits: BuildLimits): Promise<BuildFacts> {
  const archive = await openArchive(source, limits);
  try {
    const facts = await inspectArchive(archive, limits);
    return { ...facts, fileSha256: await sha256Of(source) } as BuildFacts;
  } finally {
    archive.close();
  }
}

async function inspectArchive(
  archive: Archive,
  limits: BuildLimits,
): Promise<Omit<BuildFacts, 'fileSha256'>> {
  if (archive.entries.has(APK_MANIFEST)) return inspectApk(archive, limits);
  if (archive.entries.has(AAB_MANIFEST)) return inspectAab(archive, limits);
  if (isIpa(archive)) return inspectIpa(archive, limits);
  throw new BuildError(
    'MANIFEST_MISSING',
    'archive: expected AndroidManifest.xml (APK), base/manifest (AAB) or Payload/ (IPA)',
  );
}

async function sha256Of(source: ByteSource): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < source.size; at += HASH_CHUNK) {
    hash.update(await source.read(at, Math.min(HASH_CHUNK, source.size - at)));
  }
  return hash.digest('hex');
}
