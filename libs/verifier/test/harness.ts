import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

import {
  createDpopProof,
  generateSigningKey,
  issueAttestationToken,
  type AppFacts,
  type SigningKey,
} from '../../tokens/src/index.js';
import {
  createTesseraVerifier,
  type TesseraVerifier,
  type TesseraVerifierOptions,
  type VerifiableRequest,
} from '../src/index.js';
import type { PublicJwk } from '../src/jwk.js';

export const NOW = new Date('2026-12-03T12:00:00Z');
export const NOW_S = NOW.getTime() / 1000;
export const ISSUER = 'https://tessera.vendor.example';
export const DEPLOYMENT = 'plant-7';
export const TARGET_URL = 'https://api.plant7.example/api/records';
export const LIFETIME = 300;
export const APP: AppFacts = {
  id: 'app-field',
  platform: 'ios',
  bundleId: 'com.vendor.field',
  teamId: 'ABCDE12345',
  version: '3.1',
  environment: 'production',
};

export interface DeviceKey {
  readonly privateKey: KeyObject;
  readonly publicJwk: PublicJwk & { kty: string };
}

export function p256Device(): DeviceKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicJwk: publicKey.export({ format: 'jwk' }) as DeviceKey['publicJwk'] };
}

export function ed25519Device(): DeviceKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicJwk: publicKey.export({ format: 'jwk' }) as DeviceKey['publicJwk'] };
}

/** A vendor key, a device key and a verifier trusting the vendor key, with a settable clock. */
export class Scenario {
  readonly vendor: SigningKey = generateSigningKey();
  readonly device: DeviceKey;
  readonly verifier: TesseraVerifier;
  clock: Date = NOW;

  constructor(options: Partial<TesseraVerifierOptions> & { device?: DeviceKey } = {}) {
    this.device = options.device ?? p256Device();
    this.verifier = createTesseraVerifier({
      issuer: ISSUER,
      deployment: DEPLOYMENT,
      keys: [this.vendor.publicJwk],
      now: () => this.clock,
      ...options,
    });
  }

  token(overrides: Partial<Parameters<typeof issueAttestationToken>[0]> = {}): Promise<string> {
    return issueAttestationToken({
      signingKey: this.vendor,
      issuer: ISSUER,
      installationId: 'inst-42',
      audience: [DEPLOYMENT, 'plant-9'],
      app: APP,
      confirmationJwk: this.device.publicJwk,
      lifetimeSeconds: LIFETIME,
      now: NOW,
      ...overrides,
    });
  }

  proof(
    token: string | undefined,
    overrides: Partial<Parameters<typeof createDpopProof>[0]> = {},
  ): Promise<string> {
    return createDpopProof({
      ...this.device,
      method: 'GET',
      url: TARGET_URL,
      now: NOW,
      ...(token === undefined ? {} : { accessToken: token }),
      ...overrides,
    });
  }

  /** A fresh token and proof for a GET on URL. */
  async request(overrides: Partial<VerifiableRequest> = {}): Promise<VerifiableRequest> {
    const token = await this.token();
    const proof = await this.proof(token);
    return {
      authorization: `DPoP ${token}`,
      dpop: proof,
      method: 'GET',
      url: TARGET_URL,
      ...overrides,
    };
  }
}

export function b64url(value: string | Buffer | object): string {
  const bytes = typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value);
  return Buffer.from(bytes).toString('base64url');
}

/** A compact JWS from raw header and payload text, signed by `signer`. */
export function rawJws(
  header: string | object,
  payload: string | object,
  signer: (signingInput: Buffer) => Buffer,
): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${b64url(signer(Buffer.from(input)))}`;
}

export const ed25519Signer = (key: KeyObject) => (input: Buffer) => sign(null, input, key);
export const es256Signer = (key: KeyObject) => (input: Buffer) =>
  sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' });

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function decodePart(jws: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(jws.split('.')[index]!, 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

/** Runs verifyRequest and returns the refusal code, or 'ACCEPTED'. */
export async function outcome(
  verifier: TesseraVerifier,
  request: VerifiableRequest,
): Promise<string> {
  try {
    await verifier.verifyRequest(request);
    return 'ACCEPTED';
  } catch (error) {
    return (error as { code?: string }).code ?? `THREW ${String(error)}`;
  }
}
