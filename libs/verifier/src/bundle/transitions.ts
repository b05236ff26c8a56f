import { createHash } from 'node:crypto';

import { checkBundleAuthority } from './authority.js';
import { readBundleDocument } from './document.js';
import { isTrustBundleError, TrustBundleError } from './errors.js';
import type { RootKey } from './payload.js';

/** The roots trusted in turn, the pinned one first, and the digest of the last rotation. */
export interface RootLineage {
  readonly roots: readonly [RootKey, ...RootKey[]];
  readonly lastRotationDigest: string | undefined;
}

/**
 * Walks the recorded root rotations from the pinned root: each must be a bundle signed by
 * the root before it (and by the new root) that names the next root. Expiry does not matter
 * here: these are history, and the current bundle is checked for freshness on its own.
 */
export function followRootTransitions(
  pinned: RootKey,
  transitions: readonly string[],
): RootLineage {
  const roots: [RootKey, ...RootKey[]] = [pinned];
  let lastRotationDigest: string | undefined;
  for (const [index, text] of transitions.entries()) {
    const current = roots[roots.length - 1] as RootKey;
    let nextRoot: RootKey | undefined;
    let payloadSegment: string;
    try {
      const document = readBundleDocument(text);
      payloadSegment = document.payloadSegment;
      nextRoot = checkBundleAuthority(document, current).nextRoot;
    } catch (error) {
      if (!isTrustBundleError(error)) throw error;
      throw invalid(`trust state rootTransitions[${index}] does not verify: ${error.code}`);
    }
    if (nextRoot === undefined) {
      throw invalid(`trust state rootTransitions[${index}] introduces no new root`);
    }
    roots.push(nextRoot);
    lastRotationDigest = createHash('sha256').update(payloadSegment, 'latin1').digest('base64url');
  }
  return { roots, lastRotationDigest };
}

function invalid(message: string): TrustBundleError {
  return new TrustBundleError('TRUST_STATE_INVALID', message);
}
