import type { KeyObject } from 'node:crypto';

import {
  createTrustBundle,
  generateRootKey,
  generateSigningKey,
  rootPublicJwk,
  type CreateTrustBundleInput,
  type SigningKey,
} from '../../../tokens/src/index.js';
import type { TrustBundleDocument } from '../../../tokens/src/bundle/format.js';

export const ISSUER = 'https://tessera.vendor.example';
export const NOW = new Date('2026-12-03T12:00:00Z');
export const DAY = 24 * 3600 * 1000;

export function at(offsetMs: number): Date {
  return new Date(NOW.getTime() + offsetMs);
}

/** The vendor side of a drill: a root key, signing keys, and bundles signed with them. */
export class Vendor {
  root: KeyObject = generateRootKey();
  readonly keyA: SigningKey = generateSigningKey();
  readonly keyB: SigningKey = generateSigningKey();

  get rootPublic() {
    return rootPublicJwk(this.root);
  }

  bundle(version: number, overrides: Partial<CreateTrustBundleInput> = {}): string {
    return createTrustBundle({
      version,
      issuer: ISSUER,
      issuedAt: at(-DAY),
      expiresAt: at(30 * DAY),
      keys: [{ jwk: this.keyA.publicJwk, notBefore: at(-10 * DAY), notAfter: at(10 * DAY) }],
      rootKey: this.root,
      ...overrides,
    });
  }
}

/** Rewrites the JSON document of a bundle, e.g. to add or drop a signature. */
export function rewrite(
  bundle: string,
  change: (document: TrustBundleDocument) => TrustBundleDocument,
): string {
  return JSON.stringify(change(JSON.parse(bundle) as TrustBundleDocument));
}

/** Replaces the payload with another JSON value, keeping the original signatures. */
export function withPayload(bundle: string, payload: unknown): string {
  return rewrite(bundle, (document) => ({
    ...document,
    payload: Buffer.from(JSON.stringify(payload)).toString('base64url'),
  }));
}

export function payloadOf(bundle: string): Record<string, unknown> {
  const document = JSON.parse(bundle) as TrustBundleDocument;
  return JSON.parse(Buffer.from(document.payload, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}
