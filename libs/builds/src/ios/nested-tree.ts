import { BuildError } from '../errors.js';
import type { IosBundleFacts } from '../facts.js';
import type { BuildLimits } from '../limits.js';
import type { Archive } from '../zip/archive.js';
import { inspectBundle } from './bundle.js';
import { findNestedCode, verifyNestedCode } from './nested-code.js';

/** Deepest nesting walked below the app (app → watch app → extension → framework is 3). */
export const MAX_NESTING_DEPTH = 4;
/** Most nested bundles and libraries in the whole tree. */
export const MAX_NESTED_ITEMS = 64;

/** What the walk verified: the reported bundles, and every folder whose seal must be checked. */
export interface NestedTree {
  readonly bundles: IosBundleFacts[];
  readonly sealed: string[];
}

/**
 * Walks the code nested in a bundle, depth first: app extensions and watch apps (full bundles
 * with their own profile), frameworks and bare libraries, then whatever each of them nests.
 * Everything must be signed by the app's team with intact pages and bound files.
 */
export async function verifyNestedTree(
  archive: Archive,
  containerPath: string,
  teamId: string,
  limits: BuildLimits,
): Promise<NestedTree> {
  const tree: NestedTree = { bundles: [], sealed: [] };
  await walk(archive, containerPath, teamId, limits, { depth: 1, seen: { items: 0 } }, tree);
  return tree;
}

async function walk(
  archive: Archive,
  container: string,
  teamId: string,
  limits: BuildLimits,
  at: { depth: number; seen: { items: number } },
  tree: NestedTree,
): Promise<void> {
  const names = [...archive.entries.keys()];
  const extensions = extensionsOf(names, container);
  const code = findNestedCode(names, container);
  const items =
    extensions.length + code.frameworks.length + code.libraries.length + code.watchApps.length;
  if (items === 0) return;
  if (at.depth > MAX_NESTING_DEPTH)
    throw new BuildError(
      'TOO_MANY_ENTRIES',
      `${container}: code nested deeper than ${MAX_NESTING_DEPTH}`,
    );
  at.seen.items += items;
  if (at.seen.items > MAX_NESTED_ITEMS)
    throw new BuildError(
      'TOO_MANY_ENTRIES',
      `IPA: more than ${MAX_NESTED_ITEMS} nested code items`,
    );

  for (const extension of extensions) await bundleOfTeam(archive, extension, teamId, limits, tree);
  for (const framework of code.frameworks) {
    await verifyNestedCode(archive, framework, 'framework', teamId, limits);
    tree.sealed.push(framework);
  }
  for (const library of code.libraries)
    await verifyNestedCode(archive, library, 'library', teamId, limits);
  for (const watchApp of code.watchApps) {
    if (!archive.entries.has(`${watchApp}/Info.plist`))
      throw new BuildError('MANIFEST_MALFORMED', `${watchApp}: watch app without Info.plist`);
    await bundleOfTeam(archive, watchApp, teamId, limits, tree);
  }

  for (const nested of [...extensions, ...code.frameworks, ...code.watchApps])
    await walk(archive, nested, teamId, limits, { ...at, depth: at.depth + 1 }, tree);
}

async function bundleOfTeam(
  archive: Archive,
  path: string,
  teamId: string,
  limits: BuildLimits,
  tree: NestedTree,
): Promise<void> {
  const nested = await inspectBundle(archive, path, limits);
  if (nested.teamId !== teamId)
    throw new BuildError('SIGNER_MISMATCH', `${nested.path}: signed by another team`);
  tree.bundles.push(nested);
  tree.sealed.push(path);
}

/** Folders of `PlugIns/*.appex` directly inside a bundle. */
function extensionsOf(names: readonly string[], container: string): string[] {
  const prefix = `${container}/PlugIns/`;
  const found = new Set<string>();
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^([^/]+\.appex)\/Info\.plist$/.exec(name.slice(prefix.length));
    if (match?.[1] !== undefined) found.add(`${prefix}${match[1]}`);
  }
  return [...found].sort();
}
