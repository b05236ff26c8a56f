import type { JWK } from 'jose';

import type { BundleKeyInput } from '../../../libs/tokens/src/index.js';
import { UsageError } from './args.js';

/** What `--keys` gives: the service's `GET /v1/admin/signing-keys`, or a JWKS with windows. */
export interface KeysForBundle {
  readonly issuer: string | undefined;
  readonly keys: readonly BundleKeyInput[];
}

interface ExportedKey {
  readonly jwk?: JWK;
  readonly notBefore?: unknown;
  readonly notAfter?: unknown;
  readonly inCirculation?: unknown;
  readonly kty?: string;
  readonly crv?: string;
  readonly x?: string;
  readonly kid?: string;
}

/**
 * Reads the key list for a bundle. From a service export, every key still in circulation
 * (announced, active, or retired with live tokens); from a JWKS, every key, each of which must
 * carry `notBefore` and `notAfter`.
 */
export function readKeysForBundle(text: string): KeysForBundle {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError('--keys must be a JSON file');
  }
  const document = parsed as { issuer?: unknown; keys?: unknown };
  if (typeof document !== 'object' || document === null || !Array.isArray(document.keys)) {
    throw new UsageError('--keys must hold an object with a "keys" list');
  }
  const entries = document.keys as ExportedKey[];
  const keys = entries
    .filter((entry) => entry.inCirculation !== false)
    .map((entry, index) => keyForBundle(entry, index));
  if (keys.length === 0) throw new UsageError('--keys lists no key in circulation');
  return { issuer: typeof document.issuer === 'string' ? document.issuer : undefined, keys };
}

function keyForBundle(entry: ExportedKey, index: number): BundleKeyInput {
  const jwk: JWK | undefined = entry.jwk ?? (entry.kty === undefined ? undefined : entry);
  const notBefore = date(entry.notBefore);
  const notAfter = date(entry.notAfter);
  if (jwk === undefined || notBefore === undefined || notAfter === undefined) {
    throw new UsageError(`--keys entry ${index} needs a public JWK, notBefore and notAfter`);
  }
  const { kty, crv, x, kid } = jwk;
  return { jwk: { kty, crv, x, kid }, notBefore, notAfter };
}

function date(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}
