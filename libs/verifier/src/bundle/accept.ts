import { createHash, type KeyObject } from 'node:crypto';

import type { PublicJwk } from '../jwk.js';
import { checkBundleAuthority } from './authority.js';
import { readBundleDocument } from './document.js';
import { TrustBundleError } from './errors.js';
import { BUNDLE_ISSUED_AT_SKEW_MS, MAX_ROOT_TRANSITIONS } from './limits.js';
import type { BundleContents, RootKey } from './payload.js';
import { readPinnedRoot } from './root-key.js';
import { parseTrustState, serialiseTrustState, type TrustState } from './state.js';
import { followRootTransitions, type RootLineage } from './transitions.js';
import { registerTrustBundle, type TrustBundle } from './trust-bundle.js';

export interface AcceptTrustBundleOptions {
  /** The vendor's root public key, pinned by the operator (Ed25519 JWK, PEM or KeyObject). */
  readonly rootPublicKey: PublicJwk | string | KeyObject;
  /** The trusted time of this check. */
  readonly now: Date;
  /** The state text from the last accepted load; undefined on the first load. */
  readonly state: string | undefined;
}

export interface AcceptedTrustBundle {
  readonly bundle: TrustBundle;
  /** The state to keep for the next load; equal to the input when nothing changed. */
  readonly state: string;
}

/** Verifies a bundle against the pinned root and the state of earlier loads; pure. */
export function acceptTrustBundle(
  text: string,
  options: AcceptTrustBundleOptions,
): AcceptedTrustBundle {
  const now = options.now.getTime();
  if (!Number.isFinite(now)) {
    throw new TypeError('now must be a valid Date');
  }
  const pinned = readPinnedRoot(options.rootPublicKey);
  const prior = parseTrustState(options.state);

  // Each recorded root rotation is re-verified from the pinned root; none is taken on trust.
  const lineage = followRootTransitions(pinned, prior?.rootTransitions ?? []);

  const document = readBundleDocument(text);
  const digest = sha256(document.payloadSegment);
  const contents = checkBundleAuthority(document, authorityFor(lineage, digest));

  if (prior !== undefined && contents.version < prior.highestVersion) {
    throw new TrustBundleError(
      'BUNDLE_VERSION_ROLLBACK',
      `trust bundle version ${contents.version} is lower than ${prior.highestVersion}, already accepted`,
    );
  }

  if (prior?.highestVersion === contents.version && prior.payloadDigest !== digest) {
    throw new TrustBundleError(
      'BUNDLE_VERSION_CONFLICT',
      `trust bundle version ${contents.version} differs from the one already accepted`,
    );
  }

  if (now >= contents.expiresAt) {
    throw new TrustBundleError('BUNDLE_EXPIRED', 'trust bundle expiresAt has passed');
  }

  if (contents.issuedAt > now + BUNDLE_ISSUED_AT_SKEW_MS) {
    throw new TrustBundleError('BUNDLE_NOT_YET_VALID', 'trust bundle issuedAt is in the future');
  }

  const state = nextState(prior, contents, digest, text);
  const rootKid = (contents.nextRoot ?? latest(lineage.roots)).kid;
  return {
    bundle: registerTrustBundle(contents, rootKid),
    state: serialiseTrustState(state),
  };
}

/**
 * The root a bundle must be signed by: the latest one, except for the very bundle that moved
 * trust to it (reloaded after a restart), which was signed by the root before.
 */
function authorityFor(lineage: RootLineage, digest: string): RootKey {
  const roots = lineage.roots;
  const reloadsLastRotation = lineage.lastRotationDigest === digest && roots.length > 1;
  return reloadsLastRotation ? (roots[roots.length - 2] as RootKey) : latest(roots);
}

function latest(roots: RootLineage['roots']): RootKey {
  return roots[roots.length - 1] as RootKey;
}

function nextState(
  prior: TrustState | undefined,
  contents: BundleContents,
  digest: string,
  text: string,
): TrustState {
  const transitions = prior?.rootTransitions ?? [];
  const isNew = prior === undefined || contents.version > prior.highestVersion;
  const rotates = isNew && contents.nextRoot !== undefined;
  if (rotates && transitions.length >= MAX_ROOT_TRANSITIONS) {
    throw new TrustBundleError(
      'BUNDLE_ROOT_ROTATION_INVALID',
      `trust state already records ${MAX_ROOT_TRANSITIONS} root rotations`,
    );
  }
  return {
    highestVersion: contents.version,
    payloadDigest: digest,
    rootTransitions: rotates ? [...transitions, text] : transitions,
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'latin1').digest('base64url');
}
