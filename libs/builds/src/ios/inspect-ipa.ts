import { BuildError } from '../errors.js';
import type { IosBuildFacts } from '../facts.js';
import type { BuildLimits } from '../limits.js';
import type { Archive } from '../zip/archive.js';
import { inspectBundle } from './bundle.js';
import { verifyResourceSeal } from './code-resources.js';
import { verifyNestedTree } from './nested-tree.js';

const APP_INFO = /^Payload\/[^/]+\.app\/Info\.plist$/;

export function isIpa(archive: Archive): boolean {
  return [...archive.entries.keys()].some((name) => APP_INFO.test(name));
}

/** Verifies the app bundle of an IPA, all the code nested in it, and every bundle's seal. */
export async function inspectIpa(
  archive: Archive,
  limits: BuildLimits,
): Promise<Omit<IosBuildFacts, 'fileSha256'>> {
  const apps = [...archive.entries.keys()].filter((name) => APP_INFO.test(name));
  if (apps.length !== 1 || apps[0] === undefined) {
    throw new BuildError('MANIFEST_MALFORMED', 'IPA: expected exactly one Payload/*.app bundle');
  }
  const appPath = apps[0].slice(0, -'/Info.plist'.length);
  const bundle = await inspectBundle(archive, appPath, limits);

  // Extensions, frameworks, libraries and watch apps run with the app: each must be signed by
  // its team, at any depth.
  const nested = await verifyNestedTree(archive, appPath, bundle.teamId, limits);

  // Each bundle's resources are sealed by its CodeResources, which its signature binds.
  for (const path of [appPath, ...nested.sealed]) await verifyResourceSeal(archive, path, limits);

  return { platform: 'ios', format: 'ipa', ...withoutPath(bundle), nestedBundles: nested.bundles };
}

function withoutPath<T extends { path?: string }>(bundle: T): Omit<T, 'path'> {
  const copy: Partial<T> = { ...bundle };
  delete copy.path;
  return copy as Omit<T, 'path'>;
}
