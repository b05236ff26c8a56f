import type { TrustBundle } from '../../../libs/verifier/src/index.js';
import { BundleRefusedError } from './bundle-verifier.js';
import type { TrustSource } from './trust.js';

/** What a reload did: nothing (JWKS), took the new bundle, or refused it and kept the old. */
export type ReloadOutcome =
  | { readonly kind: 'static' }
  | { readonly kind: 'taken'; readonly bundle: TrustBundle }
  | { readonly kind: 'refused'; readonly error: unknown; readonly kept: TrustBundle };

/** Where the keys came from and, for a bundle, which one: for the start-up log line. */
export function trustLogFields(
  source: TrustSource,
  bundle: TrustBundle | undefined,
): Record<string, unknown> {
  if (source.kind === 'jwks' || bundle === undefined) {
    return { keySource: source.origin, keys: source.kind === 'jwks' ? source.keys.length : 0 };
  }
  return { keySource: source.origin, keys: bundle.keys.length, ...bundleFields(bundle) };
}

/** One JSON line per reload; a refusal is an error line carrying the failed check's code. */
export function reloadLogLine(outcome: ReloadOutcome): string {
  switch (outcome.kind) {
    case 'static':
      return JSON.stringify({
        time: new Date().toISOString(),
        level: 'warn',
        event: 'trust_reload_ignored',
        message: 'keys come from a JWKS; restart to change them',
      });
    case 'taken':
      return JSON.stringify({
        time: new Date().toISOString(),
        level: 'info',
        event: 'trust_bundle_loaded',
        keys: outcome.bundle.keys.length,
        ...bundleFields(outcome.bundle),
      });
    case 'refused': {
      const error = outcome.error;
      return JSON.stringify({
        time: new Date().toISOString(),
        level: 'error',
        event: 'trust_bundle_refused',
        code: error instanceof BundleRefusedError ? error.code : 'SIDECAR_ERROR',
        error: error instanceof Error ? error.message : String(error),
        keptVersion: outcome.kept.version,
      });
    }
  }
}

function bundleFields(bundle: TrustBundle): Record<string, unknown> {
  return {
    bundleVersion: bundle.version,
    bundleExpiresAt: bundle.expiresAt.toISOString(),
    rootKid: bundle.rootKid,
  };
}
