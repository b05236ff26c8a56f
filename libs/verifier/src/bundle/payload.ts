import type { KeyObject } from 'node:crypto';

import { describePublicJwk, importPublicKey, type PublicKeyDescription } from '../jwk.js';
import { isJsonObject, type JsonObject } from '../strict-json.js';
import { TrustBundleError } from './errors.js';
import { MAX_BUNDLE_KEYS, MAX_BUNDLE_TEXT_LENGTH, MAX_BUNDLE_VERSION } from './limits.js';
import { parseRfc3339 } from './rfc3339.js';

/** A token-signing key and the window in which it may sign (epoch milliseconds, end exclusive). */
export interface BundleKey {
  readonly kid: string;
  readonly key: KeyObject;
  readonly jwk: Readonly<Record<string, string>>;
  readonly notBefore: number;
  readonly notAfter: number;
}

/** A root public key: its RFC 7638 thumbprint is the `kid` of the signatures it makes. */
export interface RootKey {
  readonly kid: string;
  readonly key: KeyObject;
}

/** The signed contents of a trust bundle, parsed strictly; dates in epoch milliseconds. */
export interface BundleContents {
  readonly version: number;
  readonly issuer: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly keys: readonly BundleKey[];
  readonly nextRoot?: RootKey;
}

const PAYLOAD_MEMBERS = new Set(['version', 'issuer', 'issuedAt', 'expiresAt', 'keys', 'nextRoot']);
const KEY_MEMBERS = new Set(['kty', 'crv', 'x', 'kid', 'alg', 'use', 'notBefore', 'notAfter']);

/** Reads the payload member by member; anything missing, extra or unparsable is refused. */
export function readBundleContents(payload: JsonObject): BundleContents {
  const extra = Object.keys(payload).find((name) => !PAYLOAD_MEMBERS.has(name));
  if (extra !== undefined) {
    throw malformed(`bundle member "${extra}" is not part of the format`);
  }

  const version = payload.version;
  if (
    !Number.isSafeInteger(version) ||
    (version as number) < 1 ||
    (version as number) > MAX_BUNDLE_VERSION
  ) {
    throw malformed(`bundle version must be an integer from 1 to ${MAX_BUNDLE_VERSION}`);
  }

  const issuer = readText(payload.issuer);
  if (issuer === undefined) {
    throw malformed('bundle issuer must be a non-empty string');
  }

  const issuedAt = parseRfc3339(payload.issuedAt);
  const expiresAt = parseRfc3339(payload.expiresAt);
  if (issuedAt === undefined || expiresAt === undefined) {
    throw malformed('bundle issuedAt and expiresAt must be RFC 3339 date-times with an offset');
  }
  if (expiresAt <= issuedAt) {
    throw malformed('bundle expiresAt must be after issuedAt');
  }

  const keys = readKeys(payload.keys);
  const nextRoot = payload.nextRoot === undefined ? undefined : readRootJwk(payload.nextRoot);
  return {
    version: version as number,
    issuer,
    issuedAt,
    expiresAt,
    keys,
    ...(nextRoot !== undefined && { nextRoot }),
  };
}

/** A root key given as a public Ed25519 JWK; its kid is its thumbprint, whatever `kid` says. */
export function readRootJwk(value: unknown): RootKey {
  const description = describePublicJwk(value, (reason) => {
    throw malformed(`bundle nextRoot ${reason}`);
  });
  return rootKeyFrom(description, () => malformed('bundle nextRoot must be an Ed25519 key'));
}

export function rootKeyFrom(description: PublicKeyDescription, fail: () => Error): RootKey {
  const key = description.alg === 'EdDSA' ? importPublicKey(description) : undefined;
  if (key === undefined) {
    throw fail();
  }
  return { kid: description.thumbprint, key };
}

function readKeys(value: unknown): BundleKey[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_BUNDLE_KEYS) {
    throw malformed(`bundle keys must list 1 to ${MAX_BUNDLE_KEYS} keys`);
  }
  const keys: BundleKey[] = [];
  for (const [index, entry] of (value as unknown[]).entries()) {
    const key = readKey(entry, `bundle keys[${index}]`);
    if (keys.some((known) => known.kid === key.kid || known.jwk.x === key.jwk.x)) {
      throw malformed(`bundle keys[${index}] repeats a kid or a key listed before`);
    }
    keys.push(key);
  }
  return keys;
}

function readKey(entry: unknown, label: string): BundleKey {
  if (!isJsonObject(entry)) {
    throw malformed(`${label} must be a JSON object`);
  }
  const extra = Object.keys(entry).find((name) => !KEY_MEMBERS.has(name));
  if (extra !== undefined) {
    throw malformed(`${label} member "${extra}" is not part of the format`);
  }

  const kid = readText(entry.kid);
  if (kid === undefined) {
    throw malformed(`${label} kid must be a non-empty string`);
  }

  const usable =
    (entry.alg === undefined || entry.alg === 'EdDSA') &&
    (entry.use === undefined || entry.use === 'sig');
  if (!usable) {
    throw malformed(`${label} must be meant for EdDSA signatures`);
  }

  const description = describePublicJwk(entry, (reason) => {
    throw malformed(`${label} ${reason}`);
  });
  const key = description.alg === 'EdDSA' ? importPublicKey(description) : undefined;
  if (key === undefined) {
    throw malformed(`${label} must be a valid OKP Ed25519 public key`);
  }

  const notBefore = parseRfc3339(entry.notBefore);
  const notAfter = parseRfc3339(entry.notAfter);
  if (notBefore === undefined || notAfter === undefined || notAfter <= notBefore) {
    throw malformed(`${label} notBefore and notAfter must be RFC 3339 date-times, in order`);
  }
  return { kid, key, jwk: description.jwk, notBefore, notAfter };
}

function readText(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_BUNDLE_TEXT_LENGTH
    ? value
    : undefined;
}

function malformed(message: string): TrustBundleError {
  return new TrustBundleError('BUNDLE_MALFORMED', message);
}
