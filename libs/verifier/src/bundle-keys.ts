import type { KeyObject } from 'node:crypto';

import type { TrustBundle } from './bundle/trust-bundle.js';
import { verifiedContents } from './bundle/trust-bundle.js';
import type { KeyWindow } from './token.js';

export interface BundleTrust {
  readonly issuer: string;
  readonly keys: ReadonlyMap<string, KeyObject>;
  readonly keyWindows: ReadonlyMap<string, KeyWindow>;
  readonly bundleExpiresAt: number;
}

/** The keys and windows of a verified bundle; any object not made by loadTrustBundle is refused. */
export function bundleKeys(bundle: TrustBundle | undefined): BundleTrust {
  const contents = bundle === undefined ? undefined : verifiedContents(bundle);
  if (contents === undefined) {
    throw new TypeError('trustBundle must be the result of loadTrustBundle or acceptTrustBundle');
  }
  const keys = new Map<string, KeyObject>();
  const keyWindows = new Map<string, KeyWindow>();
  for (const key of contents.keys) {
    keys.set(key.kid, key.key);
    keyWindows.set(key.kid, { notBefore: key.notBefore, notAfter: key.notAfter });
  }
  return {
    issuer: contents.issuer,
    keys,
    keyWindows,
    bundleExpiresAt: Math.floor(contents.expiresAt / 1000),
  };
}
