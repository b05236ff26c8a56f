import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  createDpopProof,
  generateSigningKey,
  issueAttestationToken,
  publicJwks,
} from '../../../libs/tokens/src/index.js';
import { createExampleServer, loadConfig } from '../src/index.js';

const ISSUER = 'https://tessera.vendor.example';
const DEPLOYMENT = 'plant-7';

describe('example server, end to end over HTTP', () => {
  const vendor = generateSigningKey();
  const device = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const deviceJwk = device.publicKey.export({ format: 'jwk' });
  const logs: string[] = [];
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-example-'));
    const jwksFile = join(dir, 'jwks.json');
    writeFileSync(jwksFile, JSON.stringify(publicJwks([vendor])));
    // Listen first: the server's own origin is part of its configuration.
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = loadConfig({
      TESSERA_ISSUER: ISSUER,
      TESSERA_DEPLOYMENT: DEPLOYMENT,
      TESSERA_JWKS_FILE: jwksFile,
      TESSERA_PUBLIC_ORIGIN: origin,
      PORT: '0',
    });
    server.on('request', createExampleServer({ config, log: (line) => logs.push(line) }));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  async function call(
    method: string,
    path: string,
    token: string,
    body?: object,
  ): Promise<Response> {
    const proof = await createDpopProof({
      privateKey: device.privateKey,
      publicJwk: deviceJwk,
      method,
      url: `${origin}${path}`,
      accessToken: token,
      now: new Date(),
    });
    return fetch(`${origin}${path}`, {
      method,
      headers: {
        authorization: `DPoP ${token}`,
        dpop: proof,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  }

  function token(audience: string[] = [DEPLOYMENT]): Promise<string> {
    return issueAttestationToken({
      signingKey: vendor,
      issuer: ISSUER,
      installationId: 'inst-42',
      audience,
      app: { id: 'app-field', platform: 'android', packageName: 'com.vendor.field' },
      confirmationJwk: deviceJwk,
      lifetimeSeconds: 300,
      now: new Date(),
    });
  }

  it('creates and lists records for an attested app', async () => {
    const accessToken = await token();

    const created = await call('POST', '/api/records', accessToken, { title: 'Pump 3 inspected' });
    const listed = await call('GET', '/api/records?limit=10', accessToken);

    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      id: 1,
      title: 'Pump 3 inspected',
      createdBy: 'inst-42',
      app: 'app-field',
    });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { records: unknown[] }).records).toHaveLength(1);
  });

  it('refuses a token for another deployment and logs one line without the token', async () => {
    const accessToken = await token(['plant-9']);
    logs.length = 0;

    const response = await call('GET', '/api/records', accessToken);

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'TOKEN_AUDIENCE_INVALID' });
    expect(logs).toHaveLength(1);
    expect(JSON.parse(logs[0]!)).toEqual({
      level: 'warn',
      event: 'tessera_refused',
      code: 'TOKEN_AUDIENCE_INVALID',
      method: 'GET',
      path: '/api/records',
    });
    expect(logs[0]).not.toContain(accessToken.split('.')[1]!.slice(0, 16));
  });

  it('refuses a request with no credentials and serves /healthz without any', async () => {
    const refused = await fetch(`${origin}/api/records`);
    const health = await fetch(`${origin}/healthz`);

    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('DPoP algs="ES256 EdDSA"');
    expect(health.status).toBe(200);
  });
});

describe('loadConfig', () => {
  const jwks = JSON.stringify(publicJwks([generateSigningKey()]));

  it('reads an inline JWKS and defaults the port', () => {
    const config = loadConfig({
      TESSERA_ISSUER: 'i',
      TESSERA_DEPLOYMENT: 'd',
      TESSERA_JWKS: jwks,
      TESSERA_PUBLIC_ORIGIN: 'https://records.example',
    });
    expect(config).toMatchObject({ issuer: 'i', deployment: 'd', port: 8080 });
    expect(config.keys).toHaveLength(1);
  });

  it.each([
    ['no issuer', { TESSERA_DEPLOYMENT: 'd', TESSERA_JWKS: jwks }, 'TESSERA_ISSUER'],
    ['no deployment', { TESSERA_ISSUER: 'i', TESSERA_JWKS: jwks }, 'TESSERA_DEPLOYMENT'],
    ['no key set', { TESSERA_ISSUER: 'i', TESSERA_DEPLOYMENT: 'd' }, 'exactly one'],
    [
      'both key sources',
      { TESSERA_ISSUER: 'i', TESSERA_DEPLOYMENT: 'd', TESSERA_JWKS: jwks, TESSERA_JWKS_FILE: 'f' },
      'exactly one',
    ],
    [
      'a key set that is not JSON',
      { TESSERA_ISSUER: 'i', TESSERA_DEPLOYMENT: 'd', TESSERA_JWKS: '{' },
      'TESSERA_JWKS',
    ],
    [
      'no public origin',
      { TESSERA_ISSUER: 'i', TESSERA_DEPLOYMENT: 'd', TESSERA_JWKS: jwks },
      'TESSERA_PUBLIC_ORIGIN',
    ],
    [
      'a bad port',
      {
        TESSERA_ISSUER: 'i',
        TESSERA_DEPLOYMENT: 'd',
        TESSERA_JWKS: jwks,
        TESSERA_PUBLIC_ORIGIN: 'https://r.example',
        PORT: 'http',
      },
      'PORT',
    ],
  ])('names the variable when given %s', (_label, env, expected) => {
    expect(() => loadConfig(env)).toThrow(expected);
  });
});
