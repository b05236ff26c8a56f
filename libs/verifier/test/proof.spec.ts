import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';

import { BoundedCache } from '../src/bounded-cache.js';
import { describePublicJwk } from '../src/jwk.js';
import { verifyProof } from '../src/proof.js';
import type { ProofHeader } from '../src/proof-header.js';
import { InMemoryReplayCache, type ReplayCache } from '../src/index.js';
import {
  decodePart,
  ed25519Device,
  ed25519Signer,
  es256Signer,
  NOW_S,
  outcome,
  p256Device,
  rawJws,
  Scenario,
  TARGET_URL,
  tokenHash,
} from './harness.js';
import rfc9449 from './fixtures/rfc9449-dpop.json' with { type: 'json' };

/** Sends `token` with a proof built by `makeProof` as a GET on TARGET_URL. */
async function withProof(
  s: Scenario,
  makeProof: (token: string) => Promise<string> | string,
  request: { method?: string; url?: string } = {},
): Promise<string> {
  const token = await s.token();
  return outcome(s.verifier, {
    authorization: `DPoP ${token}`,
    dpop: await makeProof(token),
    method: request.method ?? 'GET',
    url: request.url ?? TARGET_URL,
  });
}

function proofHeader(s: Scenario, change: object = {}): object {
  return { typ: 'dpop+jwt', alg: 'ES256', jwk: s.device.publicJwk, ...change };
}

function proofClaims(token: string, change: object = {}): object {
  return {
    jti: 'proof-1',
    htm: 'GET',
    htu: TARGET_URL,
    iat: NOW_S,
    ath: tokenHash(token),
    ...change,
  };
}

function deviceSigned(s: Scenario, header: object | string, claims: object | string): string {
  return rawJws(header, claims, es256Signer(s.device.privateKey));
}

describe('proof checks', () => {
  it('PROOF_MISSING without a DPoP header', async () => {
    const s = new Scenario();
    expect(await outcome(s.verifier, await s.request({ dpop: undefined }))).toBe('PROOF_MISSING');
    expect(await outcome(s.verifier, await s.request({ dpop: [] }))).toBe('PROOF_MISSING');
  });

  it('PROOF_MULTIPLE for two DPoP headers, given apart or folded by a proxy', async () => {
    const s = new Scenario();
    const request = await s.request();
    const proof = request.dpop as string;

    expect(await outcome(s.verifier, { ...request, dpop: [proof, proof] })).toBe('PROOF_MULTIPLE');
    expect(await outcome(s.verifier, { ...request, dpop: `${proof}, ${proof}` })).toBe(
      'PROOF_MULTIPLE',
    );
  });

  it('PROOF_TOO_LARGE for an oversized proof', async () => {
    const s = new Scenario();
    const big = (token: string): string =>
      deviceSigned(s, proofHeader(s), proofClaims(token, { pad: 'x'.repeat(3000) }));
    expect(await withProof(s, big)).toBe('PROOF_TOO_LARGE');
  });

  it('PROOF_MALFORMED for garbage, a repeated member and a key-selecting header member', async () => {
    const s = new Scenario();
    const repeated = (token: string): string =>
      deviceSigned(
        s,
        `{"typ":"dpop+jwt","alg":"ES256","jwk":${JSON.stringify(s.device.publicJwk)},"typ":"x"}`,
        proofClaims(token),
      );
    const withKid = (token: string): string =>
      deviceSigned(s, proofHeader(s, { kid: 'k1' }), proofClaims(token));
    const withX5c = (token: string): string =>
      deviceSigned(s, proofHeader(s, { x5c: ['MII'] }), proofClaims(token));
    const notJson = (_token: string): string => deviceSigned(s, proofHeader(s), 'nope');

    expect(await withProof(s, () => 'not-a-jws')).toBe('PROOF_MALFORMED');
    expect(await withProof(s, repeated)).toBe('PROOF_MALFORMED');
    expect(await withProof(s, withKid)).toBe('PROOF_MALFORMED');
    expect(await withProof(s, withX5c)).toBe('PROOF_MALFORMED');
    expect(await withProof(s, notJson)).toBe('PROOF_MALFORMED');
  });

  it('PROOF_TYPE_INVALID for a proof typed JWT or untyped', async () => {
    const s = new Scenario();
    const typedJwt = (token: string): string =>
      deviceSigned(s, proofHeader(s, { typ: 'JWT' }), proofClaims(token));
    const untyped = (token: string): string =>
      deviceSigned(s, proofHeader(s, { typ: undefined }), proofClaims(token));

    expect(await withProof(s, typedJwt)).toBe('PROOF_TYPE_INVALID');
    expect(await withProof(s, untyped)).toBe('PROOF_TYPE_INVALID');
  });

  it('PROOF_ALG_NOT_ALLOWED for none, HS256, RS256 and algorithms switched off', async () => {
    const s = new Scenario();
    const none = (token: string): string => {
      const jws = deviceSigned(s, proofHeader(s, { alg: 'none' }), proofClaims(token));
      return `${jws.slice(0, jws.lastIndexOf('.'))}.`;
    };
    const hs256 = (token: string): string =>
      rawJws(proofHeader(s, { alg: 'HS256' }), proofClaims(token), (input) =>
        createHmac('sha256', JSON.stringify(s.device.publicJwk)).update(input).digest(),
      );
    const rs256 = (token: string): string =>
      deviceSigned(s, proofHeader(s, { alg: 'RS256' }), proofClaims(token));
    const onlyEd = new Scenario({ proofAlgorithms: ['EdDSA'] });

    expect(await withProof(s, none)).toBe('PROOF_ALG_NOT_ALLOWED');
    expect(await withProof(s, hs256)).toBe('PROOF_ALG_NOT_ALLOWED');
    expect(await withProof(s, rs256)).toBe('PROOF_ALG_NOT_ALLOWED');
    expect(await withProof(onlyEd, (token) => onlyEd.proof(token))).toBe('PROOF_ALG_NOT_ALLOWED');
  });

  it('PROOF_KEY_INVALID for a private jwk, no jwk, or a jwk that does not fit alg', async () => {
    const s = new Scenario();
    const d = s.device.privateKey.export({ format: 'jwk' }).d;
    const privateJwk = (token: string): string =>
      deviceSigned(s, proofHeader(s, { jwk: { ...s.device.publicJwk, d } }), proofClaims(token));
    const noJwk = (token: string): string =>
      deviceSigned(s, proofHeader(s, { jwk: undefined }), proofClaims(token));
    const wrongAlg = (token: string): string =>
      deviceSigned(s, proofHeader(s, { alg: 'EdDSA' }), proofClaims(token));

    expect(await withProof(s, privateJwk)).toBe('PROOF_KEY_INVALID');
    expect(await withProof(s, noJwk)).toBe('PROOF_KEY_INVALID');
    expect(await withProof(s, wrongAlg)).toBe('PROOF_KEY_INVALID');
  });

  it('PROOF_KEY_INVALID for a key that is not on the curve, even when the token binds it', async () => {
    const good = p256Device();
    const x = Buffer.from(good.publicJwk.x!, 'base64url');
    x[31] = x[31]! ^ 1;
    const offCurve = { ...good, publicJwk: { ...good.publicJwk, x: x.toString('base64url') } };
    const s = new Scenario({ device: offCurve });
    const proof = (token: string): string =>
      rawJws(proofHeader(s), proofClaims(token), es256Signer(good.privateKey));

    expect(await withProof(s, proof)).toBe('PROOF_KEY_INVALID');
  });

  it('PROOF_KEY_MISMATCH for a copied token used with a proof from another key', async () => {
    const victim = new Scenario();
    const thief = p256Device();
    const stolen = await victim.token();
    const thiefProof = await victim.proof(stolen, thief);

    const code = await outcome(victim.verifier, {
      authorization: `DPoP ${stolen}`,
      dpop: thiefProof,
      method: 'GET',
      url: TARGET_URL,
    });

    expect(code).toBe('PROOF_KEY_MISMATCH');
  });

  it('PROOF_SIGNATURE_INVALID for a proof signed by another key under the bound jwk', async () => {
    const s = new Scenario();
    const thief = p256Device();
    const forged = (token: string): string =>
      rawJws(proofHeader(s), proofClaims(token), es256Signer(thief.privateKey));
    expect(await withProof(s, forged)).toBe('PROOF_SIGNATURE_INVALID');
  });

  it('PROOF_SIGNATURE_INVALID for a tampered proof payload', async () => {
    const s = new Scenario();
    const tampered = async (token: string): Promise<string> => {
      const proof = await s.proof(token, { method: 'POST' });
      const claims = { ...decodePart(proof, 1), htm: 'GET' };
      const [header, , signature] = proof.split('.');
      return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    };
    expect(await withProof(s, tampered)).toBe('PROOF_SIGNATURE_INVALID');
  });

  it.each([
    ['iat as a string', { iat: String(NOW_S) }],
    ['iat with a fraction', { iat: NOW_S + 0.5 }],
    ['jti missing', { jti: undefined }],
    ['jti too long', { jti: 'j'.repeat(129) }],
  ])('PROOF_CLAIM_INVALID for %s', async (_label, change) => {
    const s = new Scenario();
    const proof = (token: string): string =>
      deviceSigned(s, proofHeader(s), proofClaims(token, change));
    expect(await withProof(s, proof)).toBe('PROOF_CLAIM_INVALID');
  });

  it('PROOF_METHOD_MISMATCH for a proof made for another method', async () => {
    const s = new Scenario();
    expect(await withProof(s, (token) => s.proof(token), { method: 'POST' })).toBe(
      'PROOF_METHOD_MISMATCH',
    );
  });

  it('PROOF_URL_MISMATCH for another path, another host, another scheme or a bad request URL', async () => {
    const s = new Scenario();
    const proof = (token: string): Promise<string> => s.proof(token);

    expect(await withProof(s, proof, { url: 'https://api.plant7.example/api/admin' })).toBe(
      'PROOF_URL_MISMATCH',
    );
    expect(await withProof(s, proof, { url: 'https://api.plant8.example/api/records' })).toBe(
      'PROOF_URL_MISMATCH',
    );
    expect(await withProof(s, proof, { url: 'http://api.plant7.example/api/records' })).toBe(
      'PROOF_URL_MISMATCH',
    );
    expect(await withProof(s, proof, { url: '/api/records' })).toBe('PROOF_URL_MISMATCH');
  });

  it('ignores the query and fragment and normalises case and default port in htu', async () => {
    const s = new Scenario();
    const withQuery = (token: string): Promise<string> =>
      s.proof(token, { url: 'https://API.plant7.example:443/api/records?page=1' });
    const rawHtuWithQuery = (token: string): string =>
      deviceSigned(s, proofHeader(s), proofClaims(token, { htu: `${TARGET_URL}?page=9#x` }));

    expect(await withProof(s, withQuery, { url: `${TARGET_URL}?page=2` })).toBe('ACCEPTED');
    expect(await withProof(s, rawHtuWithQuery, { url: `${TARGET_URL}?page=2` })).toBe('ACCEPTED');
  });

  it('PROOF_STALE for a proof older than proofMaxAgeSeconds', async () => {
    const s = new Scenario({ proofMaxAgeSeconds: 60 });
    const at = (seconds: number) => (token: string) =>
      s.proof(token, { now: new Date((NOW_S + seconds) * 1000) });

    expect(await withProof(s, at(-60))).toBe('ACCEPTED');
    expect(await withProof(s, at(-61))).toBe('PROOF_STALE');
  });

  it('PROOF_FROM_FUTURE for a proof dated beyond the clock skew', async () => {
    const s = new Scenario({ clockSkewSeconds: 30 });
    const at = (seconds: number) => (token: string) =>
      s.proof(token, { now: new Date((NOW_S + seconds) * 1000) });

    expect(await withProof(s, at(30))).toBe('ACCEPTED');
    expect(await withProof(s, at(31))).toBe('PROOF_FROM_FUTURE');
  });

  it('PROOF_TOKEN_HASH_MISMATCH without ath, or with the hash of another token', async () => {
    const s = new Scenario();
    const other = await s.token({ jti: 'another' });

    expect(await withProof(s, () => s.proof(undefined))).toBe('PROOF_TOKEN_HASH_MISMATCH');
    expect(await withProof(s, () => s.proof(other))).toBe('PROOF_TOKEN_HASH_MISMATCH');
  });

  it('PROOF_REPLAYED when the same proof comes twice', async () => {
    const s = new Scenario();
    const request = await s.request();

    expect(await outcome(s.verifier, request)).toBe('ACCEPTED');
    expect(await outcome(s.verifier, request)).toBe('PROOF_REPLAYED');
  });

  it('PROOF_REPLAYED for a reused jti with a re-signed ECDSA signature', async () => {
    const s = new Scenario();
    const token = await s.token();
    const send = async (): Promise<string> =>
      outcome(s.verifier, {
        authorization: `DPoP ${token}`,
        dpop: await s.proof(token, { jti: 'same' }),
        method: 'GET',
        url: TARGET_URL,
      });

    expect(await send()).toBe('ACCEPTED');
    expect(await send()).toBe('PROOF_REPLAYED');
  });

  it('REPLAY_CHECK_FAILED when the replay store fails or is full', async () => {
    const broken: ReplayCache = { checkAndRemember: () => Promise.reject(new Error('down')) };
    const throwing: ReplayCache = {
      checkAndRemember: () => {
        throw new Error('down');
      },
    };
    const s = new Scenario({ replayCache: broken });
    const t = new Scenario({ replayCache: throwing });
    expect(await outcome(t.verifier, await t.request())).toBe('REPLAY_CHECK_FAILED');
    const full = new Scenario({ replayCache: new InMemoryReplayCache({ maxEntries: 1 }) });

    expect(await outcome(s.verifier, await s.request())).toBe('REPLAY_CHECK_FAILED');
    expect(await outcome(full.verifier, await full.request())).toBe('ACCEPTED');
    expect(await outcome(full.verifier, await full.request())).toBe('REPLAY_CHECK_FAILED');
  });

  it('accepts an EdDSA proof from an Ed25519 installation key', async () => {
    const s = new Scenario({ device: ed25519Device() });
    const forged = (token: string): string =>
      rawJws(
        { typ: 'dpop+jwt', alg: 'EdDSA', jwk: s.device.publicJwk },
        proofClaims(token),
        ed25519Signer(generateKeyPairSync('ed25519').privateKey),
      );

    expect(await outcome(s.verifier, await s.request())).toBe('ACCEPTED');
    expect(await withProof(s, forged)).toBe('PROOF_SIGNATURE_INVALID');
  });
});

describe('RFC 9449 example proof', () => {
  const context = (change: object = {}) => ({
    method: rfc9449.input.method,
    targetUri: rfc9449.input.url,
    tokenHash: rfc9449.expect.ath,
    confirmation: describePublicJwk(rfc9449.expect.publicJwk, (reason) => {
      throw new Error(reason);
    }),
    now: Date.parse(rfc9449.input.verifyAt) / 1000,
    clockSkewSeconds: 30,
    proofMaxAgeSeconds: 60,
    algorithms: new Set(['ES256', 'EdDSA'] as const),
    keyCache: new BoundedCache<string, KeyObject>(10),
    headerCache: new BoundedCache<string, ProofHeader>(10),
    ...change,
  });

  it('verifies, with the RFC thumbprint and ath', () => {
    const result = verifyProof(rfc9449.input.proof, context());

    expect(result).toEqual({
      jti: rfc9449.expect.jti,
      issuedAt: rfc9449.expect.iat,
      keyThumbprint: rfc9449.expect.thumbprint,
    });
    expect(tokenHash(rfc9449.input.accessToken)).toBe(rfc9449.expect.ath);
  });

  it('is refused for another method, another token or a later time', () => {
    const code = (change: object): string | undefined => {
      try {
        verifyProof(rfc9449.input.proof, context(change));
        return undefined;
      } catch (error) {
        return (error as { code: string }).code;
      }
    };

    expect(code({ method: 'POST' })).toBe('PROOF_METHOD_MISMATCH');
    expect(code({ tokenHash: tokenHash('other') })).toBe('PROOF_TOKEN_HASH_MISMATCH');
    expect(code({ now: rfc9449.expect.iat + 61 })).toBe('PROOF_STALE');
  });
});
