import { BuildError } from '../errors.js';
import type { IosBuildFacts } from '../facts.js';
import type { BuildLimits } from '../limits.js';
import type { Archive } from '../zip/archive.js';
import { inspectBundle } from './bundle.js';
import { findNestedCode, verifyNestedCode } from './nested-code.js';

const APP_INFO = /^Payload\/[^/]+\.app\/Info\.plist$/;
const MAX_NESTED_BUNDLES = 32;

export function isIpa(archive: Archive): boolean {
  return [...archive.entries.keys()].some((name) => APP_INFO.test(name));
}

/** Verifies the app bundle of an IPA and each app extension inside it. */
export async function inspectIpa(
  archive: Archive,
  limits: BuildLimits,
): Promise<Omit<IosBuildFacts, 'fileSha256'>> {
  const apps = [...archive.entries.keys()].filter((name) => APP_INFO.test(name));
  if (apps.length !== 1 || apps[0] === undefined) {
    throw new BuildError('MANIFEST_MALFORMED', 'IPA: expected exactly one Payload/*.app bundle');
  }
  const appPath = apps[0].slice(0, -'/Info.plist'.length);
  const extension = new RegExp(`^${escape(appPath)}/PlugIns/[^/]+\\.appex/Info\\.plist$`);
  const extensions = [...archive.entries.keys()].filter((name) => extension.test(name));
  if (extensions.length > MAX_NESTED_BUNDLES)
    throw new BuildError('TOO_MANY_ENTRIES', 'IPA: too many app extensions');

  const bundle = await inspectBundle(archive, appPath, limits);
  const nestedBundles = [];
  for (const info of extensions.sort()) {
    const nested = await inspectBundle(archive, info.slice(0, -'/Info.plist'.length), limits);
    if (nested.teamId !== bundle.teamId)
      throw new BuildError('SIGNER_MISMATCH', `${nested.path}: signed by another team`);
    nestedBundles.push(nested);
  }

  // Frameworks, libraries and watch apps run with the app: each must be signed by its team.
  const nestedCode = findNestedCode([...archive.entries.keys()], appPath);
  for (const framework of nestedCode.frameworks)
    await verifyNestedCode(archive, framework, 'framework', bundle.teamId, limits);
  for (const library of nestedCode.libraries)
    await verifyNestedCode(archive, library, 'library', bundle.teamId, limits);
  for (const watchApp of nestedCode.watchApps) {
    if (!archive.entries.has(`${watchApp}/Info.plist`))
      throw new BuildError('MANIFEST_MALFORMED', `${watchApp}: watch app without Info.plist`);
    // TODO(#3): extensions and frameworks inside a watch app or a framework are not verified.
    const nested = await inspectBundle(archive, watchApp, limits);
    if (nested.teamId !== bundle.teamId)
      throw new BuildError('SIGNER_MISMATCH', `${nested.path}: signed by another team`);
    nestedBundles.push(nested);
  }
  return { platform: 'ios', format: 'ipa', ...withoutPath(bundle), nestedBundles };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function withoutPath<T extends { path?: string }>(bundle: T): Omit<T, 'path'> {
  const copy: Partial<T> = { ...bundle };
  delete copy.path;
  return copy as Omit<T, 'path'>;
}
