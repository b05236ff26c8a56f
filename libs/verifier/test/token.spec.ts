import { createHmac, generateKeyPairSync } from 'node:crypto';

import {
  APP,
  DEPLOYMENT,
  decodePart,
  ed25519Device,
  ed25519Signer,
  es256Signer,
  LIFETIME,
  NOW_S,
  outcome,
  p256Device,
  rawJws,
  Scenario,
  TARGET_URL,
} from './harness.js';

/** Re-signs a token payload with the scenario's vendor key, as the vendor could. */
function vendorSigned(s: Scenario, header: object | string, payload: object | string): string {
  return rawJws(header, payload, ed25519Signer(s.vendor.privateKey));
}

async function withToken(s: Scenario, token: string): Promise<string> {
  const proof = await s.proof(token);
  return outcome(s.verifier, {
    authorization: `DPoP ${token}`,
    dpop: proof,
    method: 'GET',
    url: TARGET_URL,
  });
}

async function claimsOf(s: Scenario): Promise<Record<string, unknown>> {
  return decodePart(await s.token(), 1);
}

function headerOf(s: Scenario): object {
  return { alg: 'EdDSA', kid: s.vendor.kid, typ: 'oauth-client-attestation+jwt' };
}

describe('token checks', () => {
  it('accepts a token and proof and reports the caller', async () => {
    const s = new Scenario();

    const caller = await s.verifier.verifyRequest(await s.request());

    expect(caller).toEqual({
      installationId: 'inst-42',
      app: APP,
      audience: [DEPLOYMENT, 'plant-9'],
      tokenId: expect.any(String),
      issuedAt: new Date(NOW_S * 1000),
      expiresAt: new Date((NOW_S + LIFETIME) * 1000),
      keyThumbprint: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
  });

  it('TOKEN_MISSING without an Authorization header', async () => {
    const s = new Scenario();
    expect(await outcome(s.verifier, await s.request({ authorization: undefined }))).toBe(
      'TOKEN_MISSING',
    );
  });

  it('TOKEN_SCHEME_INVALID for a Bearer token', async () => {
    const s = new Scenario();
    const token = await s.token();
    const request = await s.request({ authorization: `Bearer ${token}` });
    expect(await outcome(s.verifier, request)).toBe('TOKEN_SCHEME_INVALID');
  });

  it('accepts the DPoP scheme name in any case', async () => {
    const s = new Scenario();
    const request = await s.request();
    const lower = { ...request, authorization: request.authorization!.replace('DPoP', 'dpop') };
    expect(await outcome(s.verifier, lower)).toBe('ACCEPTED');
  });

  it('takes several spaces after the scheme, and refuses whitespace inside the token', async () => {
    const s = new Scenario();
    const token = await s.token();
    const [header, payload, signature] = token.split('.') as [string, string, string];

    const request = await s.request();
    const spaced = {
      ...request,
      authorization: request.authorization!.replace('DPoP ', 'DPoP   '),
    };
    expect(await outcome(s.verifier, spaced)).toBe('ACCEPTED');
    expect(await withToken(s, `${header} .${payload}.${signature}`)).toBe('TOKEN_MALFORMED');
    expect(await withToken(s, `${header}.${payload} .${signature}`)).toBe(
      'TOKEN_SIGNATURE_INVALID',
    );
    expect(
      await withToken(s, `${header}.${payload}.${signature.slice(0, 9)}\t${signature.slice(9)}`),
    ).toBe('TOKEN_MALFORMED');
    const glued = await s.request({ authorization: `DPoP${token}` });
    expect(await outcome(s.verifier, glued)).toBe('TOKEN_SCHEME_INVALID');
  });

  it('TOKEN_TOO_LARGE for an oversized token, before parsing it', async () => {
    const s = new Scenario({ maxTokenBytes: 1024 });
    const claims = await claimsOf(s);
    const big = vendorSigned(s, headerOf(s), { ...claims, pad: 'x'.repeat(2000) });
    expect(await withToken(s, big)).toBe('TOKEN_TOO_LARGE');
    expect(await withToken(s, 'a'.repeat(100_000))).toBe('TOKEN_TOO_LARGE');
  });

  it.each([
    ['two segments', 'aGVsbG8.aGVsbG8'],
    ['four segments', 'a.b.c.d'],
    ['an empty header', '.eyJ9.c2ln'],
    ['a header that is not JSON', `${Buffer.from('{alg').toString('base64url')}.e30.c2ln`],
    ['a header that is a JSON array', `${Buffer.from('[]').toString('base64url')}.e30.c2ln`],
  ])('TOKEN_MALFORMED for %s', async (_label, token) => {
    const s = new Scenario();
    expect(await withToken(s, token)).toBe('TOKEN_MALFORMED');
  });

  it('TOKEN_MALFORMED for a header that repeats alg, also when escaped', async () => {
    const s = new Scenario();
    const claims = await claimsOf(s);
    const typ = 'oauth-client-attestation+jwt';
    const plain = `{"alg":"none","kid":"${s.vendor.kid}","typ":"${typ}","alg":"EdDSA"}`;
    const escaped = `{"alg":"none","kid":"${s.vendor.kid}","typ":"${typ}","\\u0061lg":"EdDSA"}`;

    expect(await withToken(s, vendorSigned(s, plain, claims))).toBe('TOKEN_MALFORMED');
    expect(await withToken(s, vendorSigned(s, escaped, claims))).toBe('TOKEN_MALFORMED');
  });

  it('TOKEN_MALFORMED for extra header members such as crit or jwk', async () => {
    const s = new Scenario();
    const claims = await claimsOf(s);
    const crit = { ...headerOf(s), crit: ['exp'], exp: 1 };
    const jwk = { ...headerOf(s), jwk: s.vendor.publicJwk };

    expect(await withToken(s, vendorSigned(s, crit, claims))).toBe('TOKEN_MALFORMED');
    expect(await withToken(s, vendorSigned(s, jwk, claims))).toBe('TOKEN_MALFORMED');
  });

  it('TOKEN_MALFORMED for a signed payload that is not a JSON object or repeats a claim', async () => {
    const s = new Scenario();
    const claims = JSON.stringify(await claimsOf(s));
    const repeated = `${claims.slice(0, -1)},"aud":"${DEPLOYMENT}"}`;

    expect(await withToken(s, vendorSigned(s, headerOf(s), 'not json'))).toBe('TOKEN_MALFORMED');
    expect(await withToken(s, vendorSigned(s, headerOf(s), repeated))).toBe('TOKEN_MALFORMED');
  });

  it('TOKEN_ALG_NOT_ALLOWED for alg none with an empty signature', async () => {
    const s = new Scenario();
    const claims = await claimsOf(s);
    const header = { ...headerOf(s), alg: 'none' };
    const token = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expect(await withToken(s, token)).toBe('TOKEN_ALG_NOT_ALLOWED');
  });

  it('TOKEN_ALG_NOT_ALLOWED for HS256 keyed with the public key bytes', async () => {
    const s = new Scenario();
    const claims = await claimsOf(s);
    const secrets = [
      Buffer.from(s.vendor.publicJwk.x!, 'base64url'),
      Buffer.from(JSON.stringify(s.vendor.publicJwk)),
    ];
    for (const secret of secrets) {
      const token = rawJws({ ...headerOf(s), alg: 'HS256' }, claims, (input) =>
        createHmac('sha256', secret).update(input).digest(),
      );
      expect(await withToken(s, token)).toBe('TOKEN_ALG_NOT_ALLOWED');
    }
  });

  it('TOKEN_ALG_NOT_ALLOWED for an ES256 token, even one signed by the device key', async () => {
    const s = new Scenario();
    const claims = await claimsOf(s);
    const token = rawJws(
      { ...headerOf(s), alg: 'ES256' },
      claims,
      es256Signer(s.device.privateKey),
    );
    expect(await withToken(s, token)).toBe('TOKEN_ALG_NOT_ALLOWED');
  });

  it('TOKEN_TYPE_INVALID for a plain JWT and for a DPoP proof presented as token', async () => {
    const s = new Scenario();
    const claims = await claimsOf(s);
    const plainJwt = vendorSigned(s, { ...headerOf(s), typ: 'JWT' }, claims);
    const proofAsToken = await s.proof(undefined);

    expect(await withToken(s, plainJwt)).toBe('TOKEN_TYPE_INVALID');
    expect(await withToken(s, proofAsToken)).toBe('TOKEN_ALG_NOT_ALLOWED');
    const edProof = await new Scenario({ device: ed25519Device() }).proof(undefined);
    expect(await withToken(s, edProof)).toBe('TOKEN_TYPE_INVALID');
  });

  it('TOKEN_KEY_UNKNOWN for a token from a key the verifier does not trust', async () => {
    const s = new Scenario();
    const rogue = new Scenario({ device: s.device });
    expect(await withToken(s, await rogue.token())).toBe('TOKEN_KEY_UNKNOWN');
  });

  it('TOKEN_SIGNATURE_INVALID for a tampered payload', async () => {
    const s = new Scenario();
    const token = await s.token({ audience: ['plant-9'] });
    const [header, , signature] = token.split('.');
    const claims = { ...decodePart(token, 1), aud: [DEPLOYMENT] };
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;

    expect(await withToken(s, tampered)).toBe('TOKEN_SIGNATURE_INVALID');
  });

  it('TOKEN_SIGNATURE_INVALID for another key claiming the trusted kid, or a short signature', async () => {
    const s = new Scenario();
    const claims = await claimsOf(s);
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = rawJws(headerOf(s), claims, ed25519Signer(other));
    const [header, payload, signature] = (await s.token()).split('.') as [string, string, string];
    const shortSignature = Buffer.from(signature, 'base64url')
      .subarray(0, 60)
      .toString('base64url');
    const truncated = `${header}.${payload}.${shortSignature}`;

    expect(await withToken(s, forged)).toBe('TOKEN_SIGNATURE_INVALID');
    expect(await withToken(s, truncated)).toBe('TOKEN_SIGNATURE_INVALID');
  });

  it('TOKEN_ISSUER_INVALID for another issuer', async () => {
    const s = new Scenario();
    expect(await withToken(s, await s.token({ issuer: 'https://elsewhere.example' }))).toBe(
      'TOKEN_ISSUER_INVALID',
    );
  });

  it.each([
    ['exp as a string', { exp: String(NOW_S + 60) }],
    ['exp with a fraction', { exp: NOW_S + 60.5 }],
    ['exp missing', { exp: undefined }],
    ['iat negative', { iat: -1 }],
    ['exp before iat', { exp: NOW_S - 1, iat: NOW_S }],
    ['aud as a number', { aud: 7 }],
    ['aud empty', { aud: [] }],
    ['sub missing', { sub: undefined }],
    ['jti empty', { jti: '' }],
    ['app with an unknown platform', { app: { id: 'x', platform: 'web' } }],
    ['app with a numeric version', { app: { id: 'x', platform: 'ios', version: 3 } }],
  ])('TOKEN_CLAIM_INVALID for %s', async (_label, change) => {
    const s = new Scenario();
    const claims = { ...(await claimsOf(s)), ...change };
    expect(await withToken(s, vendorSigned(s, headerOf(s), claims))).toBe('TOKEN_CLAIM_INVALID');
  });

  it('TOKEN_EXPIRED once the clock passes exp by the skew, not before', async () => {
    const s = new Scenario({ clockSkewSeconds: 30, proofMaxAgeSeconds: 600 });
    const token = await s.token();
    const exp = NOW_S + LIFETIME;
    const at = async (seconds: number): Promise<string> => {
      s.clock = new Date(seconds * 1000);
      const proof = await s.proof(token, { now: s.clock });
      return outcome(s.verifier, {
        authorization: `DPoP ${token}`,
        dpop: proof,
        method: 'GET',
        url: TARGET_URL,
      });
    };

    expect(await at(exp + 29)).toBe('ACCEPTED');
    expect(await at(exp + 30)).toBe('TOKEN_EXPIRED');
    expect(await at(exp + 31)).toBe('TOKEN_EXPIRED');
  });

  it('TOKEN_NOT_YET_VALID for nbf or iat beyond the skew', async () => {
    const s = new Scenario({ clockSkewSeconds: 30 });
    const claims = await claimsOf(s);
    const nbf = vendorSigned(s, headerOf(s), { ...claims, nbf: NOW_S + 31 });
    const iat = vendorSigned(s, headerOf(s), { ...claims, iat: NOW_S + 31, nbf: NOW_S });
    const withinSkew = vendorSigned(s, headerOf(s), { ...claims, nbf: NOW_S + 30 });

    expect(await withToken(s, nbf)).toBe('TOKEN_NOT_YET_VALID');
    expect(await withToken(s, iat)).toBe('TOKEN_NOT_YET_VALID');
    expect(await withToken(s, withinSkew)).toBe('ACCEPTED');
  });

  it('TOKEN_AUDIENCE_INVALID for a token meant for another deployment', async () => {
    const s = new Scenario();
    expect(await withToken(s, await s.token({ audience: ['plant-9'] }))).toBe(
      'TOKEN_AUDIENCE_INVALID',
    );
  });

  it('accepts aud as a single string naming the deployment', async () => {
    const s = new Scenario();
    const claims = { ...(await claimsOf(s)), aud: DEPLOYMENT };
    expect(await withToken(s, vendorSigned(s, headerOf(s), claims))).toBe('ACCEPTED');
  });

  it('TOKEN_CONFIRMATION_MISSING without cnf.jwk', async () => {
    const s = new Scenario();
    const claims = await claimsOf(s);
    const noCnf = vendorSigned(s, headerOf(s), { ...claims, cnf: undefined });
    const jktOnly = vendorSigned(s, headerOf(s), { ...claims, cnf: { jkt: 'abc' } });

    expect(await withToken(s, noCnf)).toBe('TOKEN_CONFIRMATION_MISSING');
    expect(await withToken(s, jktOnly)).toBe('TOKEN_CONFIRMATION_MISSING');
  });

  it('TOKEN_CONFIRMATION_INVALID for an RSA, a P-384 or a private confirmation key', async () => {
    const s = new Scenario();
    const claims = await claimsOf(s);
    const jwk = (claims.cnf as { jwk: Record<string, string> }).jwk;
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({
      format: 'jwk',
    });
    const bad = [
      { kty: 'RSA', n: 'AQAB', e: 'AQAB' },
      p384,
      { ...jwk, d: p256Device().privateKey.export({ format: 'jwk' }).d },
      { ...jwk, x: `${jwk.x!}"` },
    ];
    for (const cnfJwk of bad) {
      const token = vendorSigned(s, headerOf(s), { ...claims, cnf: { jwk: cnfJwk } });
      expect(await withToken(s, token)).toBe('TOKEN_CONFIRMATION_INVALID');
    }
  });
});

describe('verified-token cache', () => {
  it('serves a repeated token from the cache and still enforces exp', async () => {
    const s = new Scenario({ proofMaxAgeSeconds: 600 });
    const token = await s.token();
    const send = async (): Promise<string> => {
      const proof = await s.proof(token, { now: s.clock });
      return outcome(s.verifier, {
        authorization: `DPoP ${token}`,
        dpop: proof,
        method: 'GET',
        url: TARGET_URL,
      });
    };

    expect(await send()).toBe('ACCEPTED');
    expect(await send()).toBe('ACCEPTED');
    s.clock = new Date((NOW_S + LIFETIME + 30) * 1000);
    expect(await send()).toBe('TOKEN_EXPIRED');
  });

  it('works with the cache disabled', async () => {
    const s = new Scenario({ tokenCacheSize: 0 });
    expect(await outcome(s.verifier, await s.request())).toBe('ACCEPTED');
    expect(await outcome(s.verifier, await s.request())).toBe('ACCEPTED');
  });

  it('does not let a cached token vouch for a tampered copy or a second spelling', async () => {
    const s = new Scenario();
    const token = await s.token();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const middle = signature.length >> 1;
    const flipped = signature[middle] === 'A' ? 'B' : 'A';
    const tampered = `${header}.${payload}.${signature.slice(0, middle)}${flipped}${signature.slice(middle + 1)}`;
    // 64 bytes leave 4 unused bits in the last character; setting one spells the same bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = `${header}.${payload}.${signature.slice(0, -1)}${alphabet[alphabet.indexOf(signature.at(-1)!) + 1]}`;

    expect(await withToken(s, token)).toBe('ACCEPTED');
    expect(await withToken(s, tampered)).toBe('TOKEN_SIGNATURE_INVALID');
    expect(await withToken(s, respelled)).toBe('TOKEN_MALFORMED');
  });

  it('verifies in full a token that reuses a cached token signature', async () => {
    const s = new Scenario();
    const token = await s.token();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = decodePart(token, 1);
    const otherPayload = Buffer.from(JSON.stringify({ ...claims, sub: 'inst-43' })).toString(
      'base64url',
    );
    // The same bytes once the text is narrowed to Latin-1: 0x141 keeps the low byte of 'A'.
    const at = payload.indexOf('A');
    const aliased = `${header}.${payload.slice(0, at)}\u0141${payload.slice(at + 1)}.${signature}`;

    expect(await withToken(s, token)).toBe('ACCEPTED');
    expect(await withToken(s, `${header}.${otherPayload}.${signature}`)).toBe(
      'TOKEN_SIGNATURE_INVALID',
    );
    expect(await withToken(s, aliased)).toMatch(/^TOKEN_(MALFORMED|SIGNATURE_INVALID)$/);
    expect(await withToken(s, token)).toBe('ACCEPTED');
  });
});
