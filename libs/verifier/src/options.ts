import type { KeyObject } from 'node:crypto';

import type { KeyAlgorithm } from './jwk.js';
import {
  DEFAULT_CLOCK_SKEW_SECONDS,
  DEFAULT_MAX_TOKEN_BYTES,
  DEFAULT_PROOF_MAX_AGE_SECONDS,
  DEFAULT_TOKEN_CACHE_SIZE,
  MAX_CLOCK_SKEW_SECONDS,
  MAX_PROOF_MAX_AGE_SECONDS,
} from './limits.js';
import { bundleKeys } from './bundle-keys.js';
import { importTrustedKeys } from './trusted-keys.js';
import type { KeyWindow } from './token.js';
import type { TesseraVerifierOptions } from './verifier.js';

const MIN_TOKEN_BYTES = 256;
const MAX_TOKEN_BYTES = 65_536;
const MAX_TOKEN_CACHE_SIZE = 1_000_000;
const PROOF_ALGORITHMS: readonly KeyAlgorithm[] = ['ES256', 'EdDSA'];

export interface VerifierSettings {
  readonly issuer: string;
  readonly deployment: string;
  readonly keys: ReadonlyMap<string, KeyObject>;
  /** Signing windows, when the keys come from a trust bundle. */
  readonly keyWindows?: ReadonlyMap<string, KeyWindow>;
  /** When the trust bundle expires (epoch seconds); requests are refused from then on. */
  readonly bundleExpiresAt?: number;
  readonly clockSkewSeconds: number;
  readonly proofMaxAgeSeconds: number;
  readonly maxTokenBytes: number;
  readonly tokenCacheSize: number;
  readonly proofAlgorithms: ReadonlySet<KeyAlgorithm>;
}

/** Checks the operator's configuration once; mistakes are TypeErrors naming the option. */
export function resolveOptions(options: TesseraVerifierOptions): VerifierSettings {
  const trust = trustedKeys(options);
  requireText('issuer', trust.issuer);
  requireText('deployment', options.deployment);
  const algorithms = options.proofAlgorithms ?? PROOF_ALGORITHMS;
  if (algorithms.length === 0 || algorithms.some((alg) => !PROOF_ALGORITHMS.includes(alg))) {
    throw new TypeError(
      `proofAlgorithms must be a non-empty subset of ${PROOF_ALGORITHMS.join(', ')}`,
    );
  }
  return {
    ...trust,
    deployment: options.deployment,
    clockSkewSeconds: integer(
      'clockSkewSeconds',
      options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS,
      0,
      MAX_CLOCK_SKEW_SECONDS,
    ),
    proofMaxAgeSeconds: integer(
      'proofMaxAgeSeconds',
      options.proofMaxAgeSeconds ?? DEFAULT_PROOF_MAX_AGE_SECONDS,
      1,
      MAX_PROOF_MAX_AGE_SECONDS,
    ),
    maxTokenBytes: integer(
      'maxTokenBytes',
      options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES,
      MIN_TOKEN_BYTES,
      MAX_TOKEN_BYTES,
    ),
    tokenCacheSize: integer(
      'tokenCacheSize',
      options.tokenCacheSize ?? DEFAULT_TOKEN_CACHE_SIZE,
      0,
      MAX_TOKEN_CACHE_SIZE,
    ),
    proofAlgorithms: new Set(algorithms),
  };
}

/** Exactly one source of vendor keys: a verified trust bundle, or a flat list of JWKs. */
function trustedKeys(
  options: TesseraVerifierOptions,
): Pick<VerifierSettings, 'issuer' | 'keys' | 'keyWindows' | 'bundleExpiresAt'> {
  if ((options.keys === undefined) === (options.trustBundle === undefined)) {
    throw new TypeError('give exactly one of keys and trustBundle');
  }
  if (options.keys !== undefined) {
    return { issuer: options.issuer as string, keys: importTrustedKeys(options.keys) };
  }
  const fromBundle = bundleKeys(options.trustBundle);
  if (options.issuer !== undefined && options.issuer !== fromBundle.issuer) {
    throw new TypeError('issuer differs from the trust bundle issuer');
  }
  return fromBundle;
}

function requireText(name: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${name} must be a non-empty string`);
  }
}

function integer(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new TypeError(`${name} must be an integer in ${min}..${max}`);
  }
  return value;
}
