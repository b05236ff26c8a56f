import type { JWK } from 'jose';

import type { BundleKeyInput } from '../../../libs/tokens/src/index.js';
import { parseRfc3339 } from '../../../libs/verifier/src/bundle/rfc3339.js';
import { readPublicJwk } from '../../../libs/verifier/src/jwk.js';
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
  const keys = (document.keys as unknown[]).flatMap((entry, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new UsageError(`--keys entry ${index} must be a JSON object`);
    }
    const exported = entry as ExportedKey;
    return exported.inCirculation === false ? [] : [keyForBundle(exported, index)];
  });
  if (keys.length === 0) throw new UsageError('--keys lists no key in circulation');
  return { issuer: typeof document.issuer === 'string' ? document.issuer : undefined, keys };
}

function keyForBundle(entry: ExportedKey, index: number): BundleKeyInput {
  const jwk: JWK | undefined = entry.jwk ?? (entry.kty === undefined ? undefined : entry);
  if (jwk === undefined) throw new UsageError(`--keys entry ${index} needs a public JWK`);
  const members = readPublicJwk(jwk, (reason) => {
    throw new UsageError(`--keys entry ${index} jwk ${reason}`);
  });
  if (members.alg !== 'EdDSA') {
    throw new UsageError(`--keys entry ${index} jwk must be an OKP Ed25519 public key`);
  }
  const notBefore = date(entry.notBefore, index, 'notBefore');
  const notAfter = date(entry.notAfter, index, 'notAfter');
  if (notAfter <= notBefore) {
    throw new UsageError(`--keys entry ${index} notAfter must be after notBefore`);
  }
  const { kty, crv, x, kid } = jwk;
  return { jwk: { kty, crv, x, kid }, notBefore, notAfter };
}

/** An RFC 3339 date-time with an explicit offset: never read in this machine's time zone. */
function date(value: unknown, index: number, field: string): Date {
  const epochMs = parseRfc3339(value);
  if (epochMs === undefined) {
    throw new UsageError(
      `--keys entry ${index} ${field} must be an RFC 3339 date-time with an offset, such as 2027-06-30T00:00:00Z`,
    );
  }
  return new Date(epochMs);
}
