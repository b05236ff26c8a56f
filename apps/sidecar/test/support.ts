import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';

import {
  createDpopProof,
  generateSigningKey,
  issueAttestationToken,
  publicJwks,
  type AppFacts,
} from '../../../libs/tokens/src/index.js';
import { loadSidecarConfig, type SidecarConfig } from '../src/index.js';

export const ISSUER = 'https://tessera.vendor.example';
export const DEPLOYMENT = 'plant-7';
/** The origin clients address in the tests that do not run a proxy. */
export const ORIGIN = 'https://api.plant7.example';
export const APP: AppFacts = {
  id: 'app-field',
  platform: 'android',
  packageName: 'com.vendor.field',
  version: '3.1.0',
};

/** The vendor's signing key, one device's proof key, and helpers to make requests' headers. */
export class Fixture {
  readonly vendor = generateSigningKey();
  readonly device: { privateKey: KeyObject; publicJwk: JWK };

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.device = {
      privateKey: pair.privateKey,
      publicJwk: pair.publicKey.export({ format: 'jwk' }),
    };
  }

  config(env: Record<string, string> = {}): SidecarConfig {
    return loadSidecarConfig({
      TESSERA_ISSUER: ISSUER,
      TESSERA_DEPLOYMENT: DEPLOYMENT,
      TESSERA_JWKS: JSON.stringify(publicJwks([this.vendor])),
      TESSERA_PUBLIC_ORIGIN: ORIGIN,
      PORT: '0',
      ...env,
    });
  }

  token(audience: string[] = [DEPLOYMENT], at = new Date()): Promise<string> {
    return issueAttestationToken({
      signingKey: this.vendor,
      issuer: ISSUER,
      installationId: 'inst-42',
      audience,
      app: APP,
      confirmationJwk: this.device.publicJwk,
      lifetimeSeconds: 300,
      now: at,
    });
  }

  proof(method: string, url: string, token: string, at = new Date()): Promise<string> {
    return createDpopProof({
      privateKey: this.device.privateKey,
      publicJwk: this.device.publicJwk,
      method,
      url,
      accessToken: token,
      now: at,
    });
  }

  /** Authorization and DPoP headers for one request, made at `at` (default: now). */
  async credentials(
    method: string,
    url: string,
    token?: string,
    at = new Date(),
  ): Promise<Record<string, string>> {
    const bearer = token ?? (await this.token(undefined, at));
    return { authorization: `DPoP ${bearer}`, dpop: await this.proof(method, url, bearer, at) };
  }
}

/** The JSON lines a component logged, parsed. */
export function parsedLines(lines: readonly string[]): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}
