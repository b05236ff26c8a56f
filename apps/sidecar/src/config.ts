import { readFileSync } from 'node:fs';

import type { PublicOrigins } from './forwarded-request.js';
import { trustSourceFrom, type TrustSource } from './trust.js';

/** Everything the sidecar needs, read once from the environment at start. */
export interface SidecarConfig {
  /** Required with a JWKS; with a trust bundle the bundle names it (and must match if set). */
  readonly issuer?: string;
  readonly deployment: string;
  readonly trust: TrustSource;
  readonly host: string;
  readonly port: number;
  /**
   * The origins clients address, e.g. `https://api.plant7.example`. Required: proofs name the
   * URL the client called, and a Host header cannot be trusted to say which one that was.
   */
  readonly publicOrigins: PublicOrigins;
  /** Shared replay store; in memory (this process only) when absent. */
  readonly redisUrl?: string;
  /** Bound on all request headers together (node:http answers 431 above it). */
  readonly maxHeaderBytes: number;
  readonly clockSkewSeconds?: number;
  readonly proofMaxAgeSeconds?: number;
}

export const DEFAULT_PORT = 8181;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
const MIN_HEADER_BYTES = 4 * 1024;
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_PUBLIC_ORIGINS = 16;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads TESSERA_ISSUER, TESSERA_DEPLOYMENT, TESSERA_PUBLIC_ORIGIN (comma-separated when the
 * proxy answers on several names), one key source (TESSERA_JWKS_FILE, TESSERA_JWKS, or
 * TESSERA_TRUST_BUNDLE_FILE with TESSERA_ROOT_PUBLIC_KEY and TESSERA_TRUST_STATE_FILE), and
 * optionally HOST, PORT,
 * TESSERA_REDIS_URL, TESSERA_MAX_HEADER_BYTES,
 * TESSERA_CLOCK_SKEW_SECONDS, TESSERA_PROOF_MAX_AGE_SECONDS. Throws an Error naming the
 * variable that is wrong; the sidecar does not start half-configured.
 */
export function loadSidecarConfig(
  env: Env,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): SidecarConfig {
  const redisUrl = optional(env, 'TESSERA_REDIS_URL');
  const clockSkew = optional(env, 'TESSERA_CLOCK_SKEW_SECONDS');
  const proofMaxAge = optional(env, 'TESSERA_PROOF_MAX_AGE_SECONDS');
  const trust = trustSourceFrom(env, readFile);
  const issuer =
    trust.kind === 'jwks' ? required(env, 'TESSERA_ISSUER') : optional(env, 'TESSERA_ISSUER');
  return {
    ...(issuer !== undefined && { issuer }),
    deployment: required(env, 'TESSERA_DEPLOYMENT'),
    trust,
    host: optional(env, 'HOST') ?? DEFAULT_HOST,
    port: integer('PORT', optional(env, 'PORT'), DEFAULT_PORT, 0, 65_535),
    publicOrigins: publicOriginsFrom(required(env, 'TESSERA_PUBLIC_ORIGIN')),
    ...(redisUrl !== undefined && { redisUrl: redisUrlFrom(redisUrl) }),
    maxHeaderBytes: integer(
      'TESSERA_MAX_HEADER_BYTES',
      optional(env, 'TESSERA_MAX_HEADER_BYTES'),
      DEFAULT_MAX_HEADER_BYTES,
      MIN_HEADER_BYTES,
      MAX_HEADER_BYTES,
    ),
    ...(clockSkew !== undefined && {
      clockSkewSeconds: integer('TESSERA_CLOCK_SKEW_SECONDS', clockSkew, 0, 0, 300),
    }),
    ...(proofMaxAge !== undefined && {
      proofMaxAgeSeconds: integer('TESSERA_PROOF_MAX_AGE_SECONDS', proofMaxAge, 0, 1, 600),
    }),
  };
}

function required(env: Env, name: string): string {
  const value = optional(env, name);
  if (value === undefined) {
    throw new Error(`${name} must be set`);
  }
  return value;
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) {
    return fallback;
  }
  const value = /^[0-9]{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new Error(`${name} must be an integer in ${min}..${max}`);
  }
  return value;
}

function publicOriginsFrom(text: string): PublicOrigins {
  const list = text.split(',').map((entry) => bareOrigin(entry.trim()));
  if (list.length > MAX_PUBLIC_ORIGINS || new Set(list).size !== list.length) {
    throw new Error(`TESSERA_PUBLIC_ORIGIN must list 1 to ${MAX_PUBLIC_ORIGINS} distinct origins`);
  }
  return list as unknown as PublicOrigins;
}

function bareOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('TESSERA_PUBLIC_ORIGIN must be an absolute URL such as https://api.example');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== text) {
    throw new Error('TESSERA_PUBLIC_ORIGIN must list bare http(s) origins without a path');
  }
  return url.origin;
}

function redisUrlFrom(text: string): string {
  if (!/^rediss?:\/\/[^\s]+$/.test(text)) {
    throw new Error('TESSERA_REDIS_URL must be a redis:// or rediss:// URL');
  }
  return text;
}
