import type { PublicJwk } from '../../../libs/verifier/src/index.js';

/** Bound on a JWKS document, file or inline. */
export const MAX_JWKS_BYTES = 64 * 1024;
/** Most keys one JWKS may list. */
export const MAX_TRUSTED_KEYS = 32;

/**
 * Where the vendor's token-signing keys come from. Today a JWKS (file or inline); the signed
 * trust bundle becomes a second kind here, and only `trustedKeys` changes for the sidecar.
 */
// TODO(#4): accept TESSERA_TRUST_BUNDLE_FILE (root-signed bundle, version state file) once
// libs/verifier loads bundles; until then an operator replaces the JWKS file on rotation.
export interface TrustSource {
  readonly kind: 'jwks';
  /** Where the keys were read, for the start-up log line. */
  readonly origin: 'TESSERA_JWKS_FILE' | 'TESSERA_JWKS';
  readonly keys: readonly PublicJwk[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads exactly one of TESSERA_JWKS_FILE and TESSERA_JWKS; an Error names what is wrong. */
export function trustSourceFrom(env: Env, readFile: (path: string) => string): TrustSource {
  const file = nonEmpty(env.TESSERA_JWKS_FILE);
  const inline = nonEmpty(env.TESSERA_JWKS);
  if ((file === undefined) === (inline === undefined)) {
    throw new Error('set exactly one of TESSERA_JWKS_FILE and TESSERA_JWKS');
  }
  const origin = file === undefined ? 'TESSERA_JWKS' : 'TESSERA_JWKS_FILE';
  const text = file === undefined ? (inline as string) : readFile(file);
  if (Buffer.byteLength(text, 'utf8') > MAX_JWKS_BYTES) {
    throw new Error(`${origin} must not exceed ${MAX_JWKS_BYTES} bytes`);
  }
  return { kind: 'jwks', origin, keys: jwksKeys(origin, text) };
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
