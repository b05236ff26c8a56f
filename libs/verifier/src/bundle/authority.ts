import { verify } from 'node:crypto';

import { decodeJsonSegment } from '../strict-json.js';
import type { BundleDocument, BundleSignature } from './document.js';
import { TrustBundleError } from './errors.js';
import { MAX_BUNDLE_JSON_DEPTH } from './limits.js';
import { readBundleContents, type BundleContents, type RootKey } from './payload.js';

/**
 * Checks who signed a bundle, against the root this site trusts, and returns its contents.
 * A bundle is signed by the trusted root and by nobody else; a bundle that introduces a new
 * root (`nextRoot`) is signed by the trusted root and by the new one, proving it is held.
 */
export function checkBundleAuthority(document: BundleDocument, root: RootKey): BundleContents {
  const byRoot = document.signatures.find((signature) => signature.kid === root.kid);
  if (byRoot === undefined) {
    throw new TrustBundleError(
      'BUNDLE_ROOT_UNKNOWN',
      'trust bundle carries no signature by the trusted root key',
    );
  }

  checkSignature(byRoot, root);

  const payload = decodeJsonSegment(document.payloadSegment, MAX_BUNDLE_JSON_DEPTH);
  if (payload === undefined) {
    throw new TrustBundleError('BUNDLE_MALFORMED', 'trust bundle payload must be a JSON object');
  }
  const contents = readBundleContents(payload);
  const nextRoot = contents.nextRoot;

  const stranger = document.signatures.find(
    (signature) => signature.kid !== root.kid && signature.kid !== nextRoot?.kid,
  );
  if (stranger !== undefined) {
    throw new TrustBundleError(
      'BUNDLE_SIGNATURE_UNKNOWN',
      'trust bundle carries a signature by a key that is neither the root nor its successor',
    );
  }

  if (nextRoot !== undefined) {
    checkRootRotation(document, root, nextRoot);
  }
  return contents;
}

function checkRootRotation(document: BundleDocument, root: RootKey, nextRoot: RootKey): void {
  if (nextRoot.kid === root.kid) {
    throw new TrustBundleError(
      'BUNDLE_ROOT_ROTATION_INVALID',
      'trust bundle nextRoot must differ from the current root',
    );
  }

  const byNextRoot = document.signatures.find((signature) => signature.kid === nextRoot.kid);
  if (byNextRoot === undefined) {
    throw new TrustBundleError(
      'BUNDLE_ROOT_ROTATION_INVALID',
      'trust bundle nextRoot must also sign the bundle that introduces it',
    );
  }
  checkSignature(byNextRoot, nextRoot);
}

function checkSignature(signature: BundleSignature, key: RootKey): void {
  if (!verify(null, signature.signingInput, key.key, signature.signature)) {
    throw new TrustBundleError(
      'BUNDLE_SIGNATURE_INVALID',
      `trust bundle signature by ${signature.kid} does not verify`,
    );
  }
}
