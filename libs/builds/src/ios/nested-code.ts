import { BuildError } from '../errors.js';
import type { BuildLimits } from '../limits.js';
import type { Archive } from '../zip/archive.js';
import { signatureOf } from './bundle.js';
import { parsePlist, stringField } from './plist.js';
import { verifyAppleChain } from './trust.js';

/** Nested code a bundle carries besides its extensions. */
export interface NestedCode {
  /** Folders of `Frameworks/*.framework` that hold files. */
  readonly frameworks: readonly string[];
  /** Bare libraries, `Frameworks/*.dylib`. */
  readonly libraries: readonly string[];
  /** Folders of `Watch/*.app`, full bundles with their own entitlements and profile. */
  readonly watchApps: readonly string[];
}

export const MAX_NESTED_CODE = 64;

/** Finds the frameworks, libraries and watch apps directly inside a bundle. */
export function findNestedCode(names: readonly string[], appPath: string): NestedCode {
  const frameworks = new Set<string>();
  const libraries: string[] = [];
  const watchApps = new Set<string>();
  for (const name of names) {
    if (name.endsWith('/')) continue;
    const rest = name.startsWith(`${appPath}/`) ? name.slice(appPath.length + 1) : null;
    if (rest === null) continue;
    const framework = /^Frameworks\/[^/]+\.framework\//.exec(rest);
    if (framework !== null) frameworks.add(`${appPath}/${framework[0].slice(0, -1)}`);
    if (/^Frameworks\/[^/]+\.dylib$/.test(rest)) libraries.push(name);
    const watch = /^Watch\/[^/]+\.app\//.exec(rest);
    if (watch !== null) watchApps.add(`${appPath}/${watch[0].slice(0, -1)}`);
  }
  const found = {
    frameworks: [...frameworks].sort(),
    libraries: libraries.sort(),
    watchApps: [...watchApps].sort(),
  };
  const count = found.frameworks.length + found.libraries.length + found.watchApps.length;
  if (count > MAX_NESTED_CODE) {
    throw new BuildError('TOO_MANY_ENTRIES', `IPA: more than ${MAX_NESTED_CODE} nested code items`);
  }
  return found;
}

/**
 * Verifies the code signature of a framework (`path` is its folder) or of a bare library
 * (`path` is the file): Apple-chained, valid at signing, pages and bound files intact, and
 * signed by the app's team.
 */
export async function verifyNestedCode(
  archive: Archive,
  path: string,
  kind: 'framework' | 'library',
  teamId: string,
  limits: BuildLimits,
): Promise<void> {
  let executable = path;
  let infoPlist: Buffer | null = null;
  if (kind === 'framework') {
    const infoName = `${path}/Info.plist`;
    if (!archive.entries.has(infoName))
      throw new BuildError('MANIFEST_MALFORMED', `${path}: framework without Info.plist`);
    infoPlist = await archive.read(infoName, limits.maxMetadataBytes);
    const info = parsePlist(infoPlist, 'MANIFEST_MALFORMED', infoName);
    executable = `${path}/${stringField(info, 'CFBundleExecutable', 'MANIFEST_MALFORMED', infoName)}`;
    if (!archive.entries.has(executable))
      throw new BuildError('MANIFEST_MALFORMED', `${infoName}: executable is missing`);
  }

  const resourcesName = `${path}/_CodeSignature/CodeResources`;
  const codeResources =
    kind === 'framework' && archive.entries.has(resourcesName)
      ? await archive.read(resourcesName, limits.maxMetadataBytes)
      : null;
  const signature = signatureOf(await archive.read(executable, limits.maxExecutableBytes), {
    infoPlist,
    codeResources,
  });

  const signingTime = signature.cms.signingTime;
  if (signingTime === undefined)
    throw new BuildError('SIGNATURE_BLOCK_MALFORMED', `${executable}: no signing time`);
  verifyAppleChain(signature.cms.signer, signature.cms.certificates, signingTime, executable);

  if (!signature.cms.signer.subject.split(',').includes(`OU=${teamId}`)) {
    throw new BuildError('SIGNER_MISMATCH', `${executable}: not signed by the app's team`);
  }
}
