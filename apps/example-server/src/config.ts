import { readFileSync } from 'node:fs';

import type { PublicJwk } from '../../../libs/verifier/src/index.js';

/** Everything the example server needs, read once from the environment at start. */
export interface ExampleServerConfig {
  readonly issuer: string;
  readonly deployment: string;
  readonly keys: readonly PublicJwk[];
  readonly port: number;
  /** The origin clients address, e.g. https://api.example.com; proofs are bound to it. */
  readonly publicOrigin: string;
}

const DEFAULT_PORT = 8080;
const MAX_JWKS_BYTES = 64 * 1024;

/**
 * Reads TESSERA_ISSUER, TESSERA_DEPLOYMENT, TESSERA_JWKS_FILE or TESSERA_JWKS, PORT and the
 * TESSERA_PUBLIC_ORIGIN. Throws an Error naming the variable that is wrong.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): ExampleServerConfig {
  const issuer = required(env, 'TESSERA_ISSUER');
  const deployment = required(env, 'TESSERA_DEPLOYMENT');
  const keys = jwksFrom(env, readFile);
  const port = portFrom(env.PORT);
  const publicOrigin = required(env, 'TESSERA_PUBLIC_ORIGIN');
  return { issuer, deployment, keys, port, publicOrigin };
}

function required(env: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new Error(`${name} must be set`);
  }
  return value.trim();
}

function jwksFrom(
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string,
): PublicJwk[] {
  const file = env.TESSERA_JWKS_FILE;
  const inline = env.TESSERA_JWKS;
  if ((file === undefined) === (inline === undefined)) {
    throw new Error('set exactly one of TESSERA_JWKS_FILE and TESSERA_JWKS');
  }
  const source = file === undefined ? 'TESSERA_JWKS' : 'TESSERA_JWKS_FILE';
  const text = file === undefined ? (inline as string) : readFile(file);
  if (text.length > MAX_JWKS_BYTES) {
    throw new Error(`${source} must not exceed ${MAX_JWKS_BYTES} bytes`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${source} must be a JSON Web Key Set`);
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'object' || key === null)) {
    throw new Error(`${source} must be a JSON object with a "keys" array of JWKs`);
  }
  return keys as PublicJwk[];
}

function portFrom(value: string | undefined): number {
  if (value === undefined || value === '') {
    return DEFAULT_PORT;
  }
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error('PORT must be an integer in 0..65535');
  }
  return port;
}
