import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  createTrustBundle,
  generateRootKey,
  generateSigningKey,
  issueAttestationToken,
  type SigningKey,
} from '../../../libs/tokens/src/index.js';
import { APP, DEPLOYMENT, ISSUER, ORIGIN, type Fixture } from './support.js';

export const DAY = 24 * 3600 * 1000;

export function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * DAY);
}

/** The vendor: a root, two signing keys, and bundles signed as the CLI signs them. */
export class Vendor {
  readonly root = generateRootKey();
  readonly keyA = generateSigningKey();
  readonly keyB = generateSigningKey();

  get rootPem(): string {
    return createPublicKey(this.root).export({ format: 'pem', type: 'spki' }) as string;
  }

  bundle(version: number, keys: SigningKey[], expiresInDays = 30, root = this.root): string {
    return createTrustBundle({
      version,
      issuer: ISSUER,
      issuedAt: daysFromNow(-1),
      expiresAt: daysFromNow(expiresInDays),
      keys: keys.map((key) => ({
        jwk: key.publicJwk,
        notBefore: daysFromNow(-10),
        notAfter: daysFromNow(10),
      })),
      rootKey: root,
    });
  }
}

/** A site's folder: the bundle file the operator replaces, and the state file. */
export class Site {
  readonly dir = mkdtempSync(join(tmpdir(), 'tessera-sidecar-bundle-'));
  readonly bundleFile = join(this.dir, 'bundle.json');
  readonly stateFile = join(this.dir, 'trust-state.json');

  constructor(private readonly vendor: Vendor) {}

  put(text: string): void {
    writeFileSync(this.bundleFile, text);
  }

  highestVersion(): number {
    return (JSON.parse(readFileSync(this.stateFile, 'utf8')) as { highestVersion: number })
      .highestVersion;
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      TESSERA_DEPLOYMENT: DEPLOYMENT,
      TESSERA_PUBLIC_ORIGIN: ORIGIN,
      TESSERA_TRUST_BUNDLE_FILE: this.bundleFile,
      TESSERA_ROOT_PUBLIC_KEY: this.vendor.rootPem,
      TESSERA_TRUST_STATE_FILE: this.stateFile,
      PORT: '0',
      ...extra,
    };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A token by `key` for the fixture's device, and the headers of an nginx check with it. */
export async function nginxCheckHeaders(
  fixture: Fixture,
  key: SigningKey,
  path: string,
): Promise<Record<string, string>> {
  const token = await issueAttestationToken({
    signingKey: key,
    issuer: ISSUER,
    installationId: 'inst-42',
    audience: [DEPLOYMENT],
    app: APP,
    confirmationJwk: fixture.device.publicJwk,
    lifetimeSeconds: 300,
    now: new Date(),
  });
  return {
    'x-original-method': 'GET',
    'x-original-uri': path,
    ...(await fixture.credentials('GET', `${ORIGIN}${path}`, token)),
  };
}

/** The bundle with one character of its payload changed, signatures kept. */
export function tampered(bundle: string): string {
  const document = JSON.parse(bundle) as { payload: string };
  const payload = JSON.parse(Buffer.from(document.payload, 'base64url').toString()) as {
    version: number;
  };
  payload.version += 100;
  document.payload = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return JSON.stringify(document);
}
