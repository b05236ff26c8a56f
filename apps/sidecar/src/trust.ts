import { createPublicKey } from 'node:crypto';

import type { PublicJwk } from '../../../libs/verifier/src/index.js';

/** Bound on a JWKS document, file or inline. */
export const MAX_JWKS_BYTES = 64 * 1024;
/** Most keys one JWKS may list. */
export const MAX_TRUSTED_KEYS = 32;
/** Bound on TESSERA_ROOT_PUBLIC_KEY (a PEM or a JWK is well under 1 KiB). */
const MAX_ROOT_KEY_BYTES = 4096;

/**
 * Where the vendor's token-signing keys come from: a flat JWKS (file or inline), or a trust
 * bundle signed by the vendor's root, checked against the pinned root key and the state of
 * earlier loads (highest version, root hand-overs) kept in a state file.
 */
export type TrustSource = JwksTrust | BundleTrustFiles;

export interface JwksTrust {
  readonly kind: 'jwks';
  /** Where the keys were read, for the start-up log line. */
  readonly origin: 'TESSERA_JWKS_FILE' | 'TESSERA_JWKS';
  readonly keys: readonly PublicJwk[];
}

export interface BundleTrustFiles {
  readonly kind: 'bundle';
  readonly origin: 'TESSERA_TRUST_BUNDLE_FILE';
  /** Read at start and again on every reload (SIGHUP). */
  readonly bundleFile: string;
  /** The pinned root, as an SPKI PEM. */
  readonly rootPublicKey: string;
  /** Where the highest accepted version and root hand-overs are kept. */
  readonly stateFile: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const SOURCES = ['TESSERA_JWKS_FILE', 'TESSERA_JWKS', 'TESSERA_TRUST_BUNDLE_FILE'] as const;

/**
 * Reads exactly one of TESSERA_JWKS_FILE, TESSERA_JWKS and TESSERA_TRUST_BUNDLE_FILE; a
 * bundle needs TESSERA_ROOT_PUBLIC_KEY and TESSERA_TRUST_STATE_FILE, which nothing else takes.
 * An Error names what is wrong. The bundle itself is checked when the sidecar starts.
 */
export function trustSourceFrom(env: Env, readFile: (path: string) => string): TrustSource {
  const given = SOURCES.filter((name) => nonEmpty(env[name]) !== undefined);
  if (given.length !== 1) {
    throw new Error(`set exactly one of ${SOURCES.join(', ')}`);
  }
  const bundleFile = nonEmpty(env.TESSERA_TRUST_BUNDLE_FILE);
  const rootKey = nonEmpty(env.TESSERA_ROOT_PUBLIC_KEY);
  const stateFile = nonEmpty(env.TESSERA_TRUST_STATE_FILE);
  if (bundleFile === undefined) {
    if (rootKey !== undefined || stateFile !== undefined) {
      throw new Error(
        'TESSERA_ROOT_PUBLIC_KEY and TESSERA_TRUST_STATE_FILE apply only with TESSERA_TRUST_BUNDLE_FILE',
      );
    }
    return jwksSource(env, readFile);
  }

  if (rootKey === undefined) {
    throw new Error('TESSERA_TRUST_BUNDLE_FILE needs TESSERA_ROOT_PUBLIC_KEY, the pinned root');
  }
  // Without the state file a rollback to an older bundle would go unnoticed.
  if (stateFile === undefined) {
    throw new Error('TESSERA_TRUST_BUNDLE_FILE needs TESSERA_TRUST_STATE_FILE');
  }
  return {
    kind: 'bundle',
    origin: 'TESSERA_TRUST_BUNDLE_FILE',
    bundleFile,
    rootPublicKey: rootPublicKeyFrom(rootKey),
    stateFile,
  };
}

function jwksSource(env: Env, readFile: (path: string) => string): JwksTrust {
  const file = nonEmpty(env.TESSERA_JWKS_FILE);
  const origin = file === undefined ? 'TESSERA_JWKS' : 'TESSERA_JWKS_FILE';
  const text = file === undefined ? (nonEmpty(env.TESSERA_JWKS) as string) : readFile(file);
  if (Buffer.byteLength(text, 'utf8') > MAX_JWKS_BYTES) {
    throw new Error(`${origin} must not exceed ${MAX_JWKS_BYTES} bytes`);
  }
  return { kind: 'jwks', origin, keys: jwksKeys(origin, text) };
}

/** The pinned root as PEM or as a JWK, returned as an SPKI PEM; never a private key. */
function rootPublicKeyFrom(text: string): string {
  const refusal = new Error('TESSERA_ROOT_PUBLIC_KEY must be an Ed25519 public key (PEM or JWK)');
  if (text.length > MAX_ROOT_KEY_BYTES || text.includes('PRIVATE')) {
    throw refusal;
  }
  try {
    const jwk = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    if (jwk !== undefined && 'd' in jwk) {
      throw refusal;
    }
    const key =
      jwk === undefined ? createPublicKey(text) : createPublicKey({ key: jwk, format: 'jwk' });
    if (key.asymmetricKeyType !== 'ed25519') {
      throw refusal;
    }
    return key.export({ type: 'spki', format: 'pem' }) as string;
  } catch {
    throw refusal;
  }
}

/** The `keys` array of a JWKS; each key is checked again, strictly, by the verifier. */
function jwksKeys(origin: string, text: string): PublicJwk[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${origin} must be a JSON Web Key Set`);
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_TRUSTED_KEYS) {
    throw new Error(`${origin} must hold a "keys" array of 1 to ${MAX_TRUSTED_KEYS} keys`);
  }
  if (keys.some((key) => typeof key !== 'object' || key === null || Array.isArray(key))) {
    throw new Error(`${origin} keys must be JSON objects`);
  }
  return keys as PublicJwk[];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
