import type { KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';

import { rootPublicJwk } from '../../../libs/tokens/src/index.js';
import { acceptTrustBundle, MAX_BUNDLE_VERSION } from '../../../libs/verifier/src/index.js';
import { positiveInteger, UsageError, type Options } from './args.js';

/** `--version`: a whole number from 1 to MAX_BUNDLE_VERSION. */
export function bundleVersion(options: Options): number {
  return positiveInteger(options, 'version', MAX_BUNDLE_VERSION);
}

/**
 * Writes a freshly signed bundle, never over an existing file, after checking it as a site
 * pinned to `rootKey` would on its first load. A bundle a site would refuse is not written:
 * the refusal is thrown instead.
 */
export async function writeCheckedBundle(
  out: string,
  bundle: string,
  rootKey: KeyObject,
  now: Date,
): Promise<void> {
  acceptTrustBundle(bundle, { rootPublicKey: rootPublicJwk(rootKey), now, state: undefined });
  try {
    await writeFile(out, bundle, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new UsageError(
      `${out} already exists and is not overwritten; give each bundle version its own file`,
    );
  }
}
