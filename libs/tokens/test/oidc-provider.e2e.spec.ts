import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

import {
  ATTESTATION_HEADER,
  ATTESTATION_POP_HEADER,
  createAttestationPop,
  createDpopProof,
  generateSigningKey,
  issueAttestationToken,
  publicJwks,
} from '../src/index.js';

const TESSERA_ISSUER = 'https://tessera.vendor.example';
const INSTALLATION = 'b3c1f7a2-0d1e-4c55-9a61-2f6e0c8d9a10';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts the authorization server and resolves once it prints its issuer. */
function startAuthorizationServer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, 'support', 'oidc-provider-server.js')], {
    env: { ...process.env, ...env, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`oidc-provider did not start: ${errors}`)),
      15_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().startsWith('listening ')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`oidc-provider exited with ${code}: ${errors}`));
    });
  });
}

/**
 * Interoperability with draft-ietf-oauth-attestation-based-client-auth: a stock oidc-provider,
 * given only the vendor's JWKS, authenticates a client at its token endpoint with a Tessera
 * token and its PoP JWT, and refuses a copied token without the PoP.
 */
describe('a real oidc-provider authenticating with a Tessera token', () => {
  const vendor = generateSigningKey();
  const device = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const deviceJwk = device.publicKey.export({ format: 'jwk' });
  let server: ChildProcess | undefined;
  let issuer: string;
  let token: string;

  beforeAll(async () => {
    issuer = `http://127.0.0.1:${await freePort()}`;
    server = await startAuthorizationServer({
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: INSTALLATION,
      TESSERA_JWKS: JSON.stringify(publicJwks([vendor])),
    });
    token = await issueAttestationToken({
      signingKey: vendor,
      issuer: TESSERA_ISSUER,
      installationId: INSTALLATION,
      audience: ['plant-7'],
      app: { id: 'app-field', platform: 'android', packageName: 'com.vendor.field' },
      confirmationJwk: deviceJwk,
      lifetimeSeconds: 300,
      now: new Date(),
    });
  });

  afterAll(() => {
    server?.kill('SIGTERM');
  });

  async function challenge(): Promise<string> {
    const res = await fetch(`${issuer}/challenge`, { method: 'POST' });
    expect(res.status).toBe(200);
    return ((await res.json()) as { attestation_challenge: string }).attestation_challenge;
  }

  function tokenRequest(headers: Record<string, string>) {
    return fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: 'grant_type=client_credentials',
    });
  }

  async function pop(privateKey = device.privateKey, jti?: string): Promise<string> {
    return createAttestationPop({
      privateKey,
      audience: issuer,
      challenge: await challenge(),
      now: new Date(),
      ...(jti !== undefined && { jti }),
    });
  }

  it('issues an access token to the installation for its token and PoP', async () => {
    const res = await tokenRequest({
      [ATTESTATION_HEADER]: token,
      [ATTESTATION_POP_HEADER]: await pop(),
    });

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      access_token: expect.any(String),
      token_type: 'Bearer',
    });
  });

  it('refuses a copied token without the PoP', async () => {
    const res = await tokenRequest({ [ATTESTATION_HEADER]: token });

    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses a copied token with a PoP by another key', async () => {
    const thief = generateKeyPairSync('ec', { namedCurve: 'P-256' });

    const res = await tokenRequest({
      [ATTESTATION_HEADER]: token,
      [ATTESTATION_POP_HEADER]: await pop(thief.privateKey),
    });

    expect(res.status).toBe(401);
  });

  it('refuses a replayed PoP', async () => {
    const replayed = await pop(device.privateKey, 'pop-used-once');
    const first = await tokenRequest({
      [ATTESTATION_HEADER]: token,
      [ATTESTATION_POP_HEADER]: replayed,
    });
    expect(first.status).toBe(200);

    const again = await tokenRequest({
      [ATTESTATION_HEADER]: token,
      [ATTESTATION_POP_HEADER]: replayed,
    });

    expect(again.status).toBe(401);
  });

  it('refuses a DPoP proof offered in place of the PoP JWT', async () => {
    const dpop = await createDpopProof({
      privateKey: device.privateKey,
      publicJwk: deviceJwk,
      method: 'POST',
      url: `${issuer}/token`,
      now: new Date(),
    });

    const res = await tokenRequest({ [ATTESTATION_HEADER]: token, [ATTESTATION_POP_HEADER]: dpop });

    expect(res.status).toBe(401);
  });

  it('refuses a token signed by a key the vendor JWKS does not hold', async () => {
    const forged = await issueAttestationToken({
      signingKey: generateSigningKey(),
      issuer: TESSERA_ISSUER,
      installationId: INSTALLATION,
      audience: ['plant-7'],
      app: { id: 'app-field', platform: 'android' },
      confirmationJwk: deviceJwk,
      lifetimeSeconds: 300,
      now: new Date(),
    });

    const res = await tokenRequest({
      [ATTESTATION_HEADER]: forged,
      [ATTESTATION_POP_HEADER]: await pop(),
    });

    expect(res.status).toBe(401);
  });
});
