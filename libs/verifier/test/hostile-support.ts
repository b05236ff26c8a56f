import type { VerifiableRequest } from '../src/index.js';
import {
  ed25519Signer,
  es256Signer,
  NOW_S,
  outcome,
  rawJws,
  Scenario,
  TARGET_URL,
} from './harness.js';

/** Shared pieces of the hostile-input suites: documented codes, respellings, senders. */
export const TOKEN_TYPE = 'oauth-client-attestation+jwt';

/** Every code the README documents for a refused request. */
export const DOCUMENTED_CODES = new Set([
  'TOKEN_MISSING',
  'TOKEN_SCHEME_INVALID',
  'TOKEN_TOO_LARGE',
  'TOKEN_MALFORMED',
  'TOKEN_ALG_NOT_ALLOWED',
  'TOKEN_TYPE_INVALID',
  'TOKEN_KEY_UNKNOWN',
  'TOKEN_KEY_OUTSIDE_WINDOW',
  'TOKEN_SIGNATURE_INVALID',
  'TOKEN_ISSUER_INVALID',
  'TOKEN_CLAIM_INVALID',
  'TOKEN_EXPIRED',
  'TOKEN_NOT_YET_VALID',
  'TOKEN_AUDIENCE_INVALID',
  'TOKEN_CONFIRMATION_MISSING',
  'TOKEN_CONFIRMATION_INVALID',
  'PROOF_MISSING',
  'PROOF_MULTIPLE',
  'PROOF_TOO_LARGE',
  'PROOF_MALFORMED',
  'PROOF_TYPE_INVALID',
  'PROOF_ALG_NOT_ALLOWED',
  'PROOF_KEY_INVALID',
  'PROOF_KEY_MISMATCH',
  'PROOF_SIGNATURE_INVALID',
  'PROOF_CLAIM_INVALID',
  'PROOF_METHOD_MISMATCH',
  'PROOF_URL_MISMATCH',
  'PROOF_STALE',
  'PROOF_FROM_FUTURE',
  'PROOF_TOKEN_HASH_MISMATCH',
  'PROOF_REPLAYED',
  'REPLAY_CHECK_FAILED',
  'TRUST_BUNDLE_EXPIRED',
]);

export const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Small deterministic generator, so a failing case can be replayed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

export function segments(jws: string): [string, string, string] {
  return jws.split('.') as [string, string, string];
}

/** The same text once narrowed to Latin-1: the character at `at` gains 0x100. */
export function latin1Alias(text: string, at: number): string {
  return `${text.slice(0, at)}${String.fromCharCode(text.charCodeAt(at) + 0x100)}${text.slice(at + 1)}`;
}

/** The last character of a segment with its first spare bit set: the same bytes, respelled. */
export function withSpareBit(segment: string): string {
  const last = ALPHABET.indexOf(segment.at(-1)!);
  return `${segment.slice(0, -1)}${ALPHABET[last + 1]!}`;
}

export function tokenHeader(s: Scenario): object {
  return { alg: 'EdDSA', kid: s.vendor.kid, typ: TOKEN_TYPE };
}

export function vendorSigned(
  s: Scenario,
  header: object | string,
  payload: object | string,
): string {
  return rawJws(header, payload, ed25519Signer(s.vendor.privateKey));
}

export function deviceProof(s: Scenario, header: object | string, claims: object | string): string {
  return rawJws(header, claims, es256Signer(s.device.privateKey));
}

let proofCount = 0;

/** Proof claims for a GET on TARGET_URL at NOW, with a new jti and without ath. */
export function proofClaims(change: object = {}): object {
  proofCount += 1;
  return { jti: `proof-${proofCount}`, htm: 'GET', htu: TARGET_URL, iat: NOW_S, ...change };
}

export function request(authorization: string | undefined, dpop: string): VerifiableRequest {
  return { authorization, dpop, method: 'GET', url: TARGET_URL };
}

/** Sends `token` with a fresh proof for it at the scenario's clock. */
export async function sendToken(s: Scenario, token: string): Promise<string> {
  return outcome(s.verifier, request(`DPoP ${token}`, await s.proof(token, { now: s.clock })));
}

/** Sends a real token with `dpop` as the proof. */
export async function sendProof(s: Scenario, token: string, dpop: string): Promise<string> {
  return outcome(s.verifier, request(`DPoP ${token}`, dpop));
}
