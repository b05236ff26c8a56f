import type { KeyObject } from 'node:crypto';

import type { PublicJwk } from '../jwk.js';
import { acceptTrustBundle } from './accept.js';
import type { TrustStateStore } from './state.js';
import type { TrustBundle } from './trust-bundle.js';

export interface LoadTrustBundleOptions {
  /** The vendor's root public key, pinned by the operator (Ed25519 JWK, PEM or KeyObject). */
  readonly rootPublicKey: PublicJwk | string | KeyObject;
  /**
   * Where the highest accepted version and the root rotations are remembered, e.g.
   * `fileTrustStateStore('/var/lib/tessera/trust-state.json')`. Without one, a rollback to
   * an older bundle cannot be noticed and root rotations are not remembered.
   */
  readonly stateStore?: TrustStateStore;
  /** The clock. Default: the system clock. */
  readonly now?: Date;
}

/**
 * Verifies a trust bundle (the text of the file, or of `GET /v1/trust-bundle`) and records
 * it in the state store. Throws a TrustBundleError when the bundle must not be trusted; the
 * state is then left as it was.
 */
export function loadTrustBundle(text: string, options: LoadTrustBundleOptions): TrustBundle {
  const store = options.stateStore;
  const prior = store?.read();
  const accepted = acceptTrustBundle(text, {
    rootPublicKey: options.rootPublicKey,
    now: options.now ?? new Date(),
    state: prior,
  });
  if (store !== undefined && accepted.state !== prior) {
    store.write(accepted.state);
  }
  return accepted.bundle;
}
