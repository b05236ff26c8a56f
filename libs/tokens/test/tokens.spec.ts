import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  calculateJwkThumbprint,
  CompactSign,
  decodeProtectedHeader,
  EmbeddedJWK,
  jwtVerify,
  type JWK,
} from 'jose';

import {
  accessTokenHash,
  createDpopProof,
  dpopTargetUri,
  generateSigningKey,
  issueAttestationToken,
  jwkThumbprint,
  publicJwks,
  signingKeyFrom,
  TOKEN_TYPE,
  type AppFacts,
} from '../src/index.js';
import rfc8037 from './fixtures/rfc8037-ed25519.json' with { type: 'json' };
import rfc9449 from './fixtures/rfc9449-dpop.json' with { type: 'json' };

const NOW = new Date('2026-12-03T12:00:00Z');
const APP: AppFacts = {
  id: 'app-1',
  platform: 'android',
  packageName: 'com.example.field',
  version: '4.2.0',
};

function installationKey(): { privateKey: ReturnType<typeof createPrivateKey>; publicJwk: JWK } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicJwk: publicKey.export({ format: 'jwk' }) };
}

describe('signing keys', () => {
  it('derives the RFC 8037 thumbprint as kid for the RFC 8037 key', () => {
    const privateKey = createPrivateKey({ key: rfc8037.input.privateJwk, format: 'jwk' });
    const key = signingKeyFrom(privateKey, createPublicKey(privateKey));

    expect(key.kid).toBe(rfc8037.expect.thumbprint);
    expect(key.publicJwk).toMatchObject(rfc8037.expect.publicJwk);
    expect(key.publicJwk).not.toHaveProperty('d');
  });

  it('signs the RFC 8037 example byte for byte', async () => {
    const privateKey = createPrivateKey({ key: rfc8037.input.privateJwk, format: 'jwk' });
    const jws = await new CompactSign(new TextEncoder().encode(rfc8037.input.payload))
      .setProtectedHeader({ alg: 'EdDSA' })
      .sign(privateKey);

    expect(jws).toBe(rfc8037.expect.compact);
  });

  it('generates Ed25519 keys whose kid matches jose thumbprints', async () => {
    const key = generateSigningKey();

    expect(key.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(key.kid).toBe(await calculateJwkThumbprint(key.publicJwk));
  });

  it('computes RFC 7638 thumbprints of P-256 keys (RFC 9449 example key)', () => {
    expect(jwkThumbprint(rfc9449.expect.publicJwk)).toBe(rfc9449.expect.thumbprint);
  });

  it('refuses a non-Ed25519 key pair', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signingKeyFrom(privateKey, publicKey)).toThrow(TypeError);
  });
});

describe('publicJwks', () => {
  it('lists public keys with their kid', () => {
    const a = generateSigningKey();
    const b = generateSigningKey();

    const jwks = publicJwks([a, b]);

    expect(jwks.keys.map((k) => k.kid)).toEqual([a.kid, b.kid]);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
  });

  it('refuses private material and duplicate kids', () => {
    const a = generateSigningKey();
    const leaked = { publicJwk: { ...a.publicJwk, d: 'secret' } };

    expect(() => publicJwks([leaked])).toThrow(TypeError);
    expect(() => publicJwks([a, a])).toThrow(TypeError);
  });
});

describe('issueAttestationToken', () => {
  it('signs an EdDSA token with the draft claims and the app facts', async () => {
    const signingKey = generateSigningKey();
    const device = installationKey();

    const token = await issueAttestationToken({
      signingKey,
      issuer: 'https://tessera.example',
      installationId: 'inst-1',
      audience: ['deploy-a', 'deploy-b'],
      app: APP,
      confirmationJwk: device.publicJwk,
      lifetimeSeconds: 300,
      now: NOW,
      jti: 'tok-1',
    });
    const { payload, protectedHeader } = await jwtVerify(token, signingKey.publicJwk, {
      currentDate: NOW,
      typ: TOKEN_TYPE,
      algorithms: ['EdDSA'],
    });

    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: signingKey.kid, typ: TOKEN_TYPE });
    expect(payload).toEqual({
      iss: 'https://tessera.example',
      sub: 'inst-1',
      aud: ['deploy-a', 'deploy-b'],
      iat: NOW.getTime() / 1000,
      nbf: NOW.getTime() / 1000,
      exp: NOW.getTime() / 1000 + 300,
      jti: 'tok-1',
      cnf: {
        jwk: { kty: 'EC', crv: 'P-256', x: device.publicJwk.x, y: device.publicJwk.y },
      },
      app: APP,
    });
  });

  it('draws a random jti when none is given', async () => {
    const signingKey = generateSigningKey();
    const base = {
      signingKey,
      issuer: 'iss',
      installationId: 'inst',
      audience: ['d'],
      app: APP,
      confirmationJwk: installationKey().publicJwk,
      lifetimeSeconds: 60,
      now: NOW,
    };

    const [a, b] = await Promise.all([issueAttestationToken(base), issueAttestationToken(base)]);

    expect(a).not.toBe(b);
  });

  it.each([
    ['an empty audience', { audience: [] }],
    ['a zero lifetime', { lifetimeSeconds: 0 }],
    ['a fractional lifetime', { lifetimeSeconds: 1.5 }],
    ['a day-long lifetime', { lifetimeSeconds: 86400 }],
    ['an invalid date', { now: new Date(Number.NaN) }],
    ['a private confirmation key', { confirmationJwk: { kty: 'EC', crv: 'P-256', d: 'x' } }],
    ['an RSA confirmation key', { confirmationJwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } }],
    ['an unknown platform', { app: { id: 'a', platform: 'web' } }],
  ])('treats %s as misuse', async (_label, override) => {
    const input = {
      signingKey: generateSigningKey(),
      issuer: 'iss',
      installationId: 'inst',
      audience: ['d'],
      app: APP,
      confirmationJwk: installationKey().publicJwk,
      lifetimeSeconds: 60,
      now: NOW,
      ...override,
    } as Parameters<typeof issueAttestationToken>[0];

    await expect(issueAttestationToken(input)).rejects.toThrow(TypeError);
  });
});

describe('createDpopProof', () => {
  it('binds method, URL without query, time and token hash, and verifies with jose', async () => {
    const device = installationKey();

    const proof = await createDpopProof({
      ...device,
      method: 'POST',
      url: 'https://API.Example.com:443/api/records?page=2#top',
      accessToken: rfc9449.input.accessToken,
      now: NOW,
      jti: 'proof-1',
    });
    const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, {
      typ: 'dpop+jwt',
      algorithms: ['ES256'],
      currentDate: NOW,
    });

    expect(protectedHeader.jwk).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: device.publicJwk.x,
      y: device.publicJwk.y,
    });
    expect(payload).toEqual({
      jti: 'proof-1',
      htm: 'POST',
      htu: 'https://api.example.com/api/records',
      iat: NOW.getTime() / 1000,
      ath: rfc9449.expect.ath,
    });
  });

  it('signs with EdDSA when the installation key is Ed25519', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');

    const proof = await createDpopProof({
      privateKey,
      publicJwk: publicKey.export({ format: 'jwk' }),
      method: 'GET',
      url: 'https://api.example.com/x',
      now: NOW,
    });

    expect(decodeProtectedHeader(proof).alg).toBe('EdDSA');
  });

  it('computes ath as in RFC 9449', () => {
    expect(accessTokenHash(rfc9449.input.accessToken)).toBe(rfc9449.expect.ath);
  });

  it('normalises htu per RFC 9449', () => {
    expect(dpopTargetUri('HTTP://Example.COM:80/a/./b/../c?x=1#f')).toBe('http://example.com/a/c');
    expect(dpopTargetUri('https://example.com:8443/p')).toBe('https://example.com:8443/p');
    expect(() => dpopTargetUri('/relative')).toThrow(TypeError);
    expect(() => dpopTargetUri('ftp://example.com/x')).toThrow(TypeError);
  });

  it('refuses a mismatched alg and a lower-case method', async () => {
    const device = installationKey();
    const base = { ...device, url: 'https://a.example/x', now: NOW };

    await expect(createDpopProof({ ...base, method: 'GET', alg: 'EdDSA' })).rejects.toThrow(
      TypeError,
    );
    await expect(createDpopProof({ ...base, method: 'get' })).rejects.toThrow(TypeError);
  });
});
