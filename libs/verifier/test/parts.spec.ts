import { createPrivateKey, sign, verify } from 'node:crypto';

import { DPOP_TYPE, TOKEN_TYPE as ISSUED_TOKEN_TYPE } from '../../tokens/src/index.js';
import {
  createTesseraVerifier,
  InMemoryReplayCache,
  PROOF_TYPE,
  TOKEN_TYPE,
} from '../src/index.js';
import { BoundedCache } from '../src/bounded-cache.js';
import { describePublicJwk, isSameKey } from '../src/jwk.js';
import { decodeJsonSegment } from '../src/strict-json.js';
import { dpopTargetUri } from '../src/target-uri.js';
import { importTrustedKeys } from '../src/trusted-keys.js';
import rfc8037 from './fixtures/rfc8037-ed25519.json' with { type: 'json' };
import { DEPLOYMENT, ISSUER, Scenario } from './harness.js';

const segment = (text: string): string => Buffer.from(text).toString('base64url');

describe('strict JSON segments', () => {
  it('decodes a plain object', () => {
    expect(decodeJsonSegment(segment('{"a":{"b":[1,{"c":"d"}]}}'), 4)).toEqual({
      a: { b: [1, { c: 'd' }] },
    });
  });

  it.each([
    ['a repeated member', '{"a":1,"a":2}'],
    ['a repeated member spelled with an escape', '{"alg":1,"\\u0061lg":2}'],
    ['a repeated nested member', '{"cnf":{"jwk":{"x":"1","x":"2"}}}'],
    ['nesting deeper than the bound', '{"a":{"b":{"c":{"d":{}}}}}'],
    ['an array at the top', '[1]'],
    ['a string at the top', '"x"'],
    ['trailing garbage', '{"a":1}x'],
  ])('refuses %s', (_label, text) => {
    expect(decodeJsonSegment(segment(text), 4)).toBeUndefined();
  });

  it('allows the same name in sibling objects and inside strings', () => {
    expect(decodeJsonSegment(segment('{"a":{"x":1},"b":{"x":"\\"a\\":"}}'), 4)).toBeDefined();
  });

  it('refuses invalid UTF-8 and characters outside base64url', () => {
    expect(
      decodeJsonSegment(Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url'), 4),
    ).toBeUndefined();
    expect(decodeJsonSegment('eyJhIjox+Q', 4)).toBeUndefined();
    expect(decodeJsonSegment('eyJhIjoxfQ==', 4)).toBeUndefined();
  });
});

describe('trusted keys', () => {
  it('imports the RFC 8037 key and verifies the RFC 8037 signature with it', () => {
    const keys = importTrustedKeys([
      { ...rfc8037.expect.publicJwk, kid: rfc8037.expect.thumbprint },
    ]);
    const [header, payload, signature] = rfc8037.expect.compact.split('.');
    const key = keys.get(rfc8037.expect.thumbprint)!;

    expect(
      verify(null, Buffer.from(`${header}.${payload}`), key, Buffer.from(signature!, 'base64url')),
    ).toBe(true);
  });

  it.each([
    ['no keys', []],
    ['a key without kid', [{ ...rfc8037.expect.publicJwk }]],
    ['a private key', [{ ...rfc8037.input.privateJwk, kid: 'k' }]],
    ['a P-256 key', [{ kty: 'EC', crv: 'P-256', x: 'a'.repeat(43), y: 'A'.repeat(43), kid: 'k' }]],
    ['a key meant for encryption', [{ ...rfc8037.expect.publicJwk, kid: 'k', use: 'enc' }]],
    [
      'a repeated kid',
      [
        { ...rfc8037.expect.publicJwk, kid: 'k' },
        { ...rfc8037.expect.publicJwk, kid: 'k' },
      ],
    ],
  ])('treats %s as a configuration error', (_label, keys) => {
    expect(() => importTrustedKeys(keys)).toThrow(TypeError);
  });

  it('accepts a token signed with the RFC 8037 key through the verifier', async () => {
    const privateKey = createPrivateKey({ key: rfc8037.input.privateJwk, format: 'jwk' });
    const s = new Scenario();
    const verifier = createTesseraVerifier({
      issuer: ISSUER,
      deployment: DEPLOYMENT,
      keys: [{ ...rfc8037.expect.publicJwk, kid: rfc8037.expect.thumbprint }],
      now: () => s.clock,
    });
    const token = await s.token();
    const [, payload] = token.split('.');
    const header = segment(
      JSON.stringify({ alg: 'EdDSA', kid: rfc8037.expect.thumbprint, typ: TOKEN_TYPE }),
    );
    const input = `${header}.${payload}`;
    const resigned = `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
    const proof = await s.proof(resigned);

    await expect(
      verifier.verifyRequest({
        authorization: `DPoP ${resigned}`,
        dpop: proof,
        method: 'GET',
        url: 'https://api.plant7.example/api/records',
      }),
    ).resolves.toMatchObject({ installationId: 'inst-42' });
  });
});

describe('configuration', () => {
  const keys = [{ ...rfc8037.expect.publicJwk, kid: 'k' }];

  it.each([
    ['an empty issuer', { issuer: '' }],
    ['an empty deployment', { deployment: '' }],
    ['a negative skew', { clockSkewSeconds: -1 }],
    ['a fractional proof age', { proofMaxAgeSeconds: 1.5 }],
    ['a tiny token bound', { maxTokenBytes: 10 }],
    ['an unknown proof algorithm', { proofAlgorithms: ['HS256'] }],
  ])('treats %s as misuse', (_label, change) => {
    const options = { issuer: ISSUER, deployment: DEPLOYMENT, keys, ...change };
    expect(() =>
      createTesseraVerifier(options as Parameters<typeof createTesseraVerifier>[0]),
    ).toThrow(TypeError);
  });

  it('agrees with the issuing library on the JOSE types', () => {
    expect(TOKEN_TYPE).toBe(ISSUED_TOKEN_TYPE);
    expect(PROOF_TYPE).toBe(DPOP_TYPE);
  });
});

describe('InMemoryReplayCache', () => {
  it('refuses a value until it expires, then accepts it again', () => {
    const cache = new InMemoryReplayCache();

    expect(cache.checkAndRemember('a', 110, 100)).toBe(true);
    expect(cache.checkAndRemember('a', 110, 109)).toBe(false);
    expect(cache.checkAndRemember('a', 120, 110)).toBe(true);
  });

  it('drops expired values as new ones arrive', () => {
    const cache = new InMemoryReplayCache({ maxEntries: 10 });
    for (let i = 0; i < 5; i++) {
      cache.checkAndRemember(`old-${i}`, 105, 100);
    }

    cache.checkAndRemember('new', 200, 106);

    expect(cache.size).toBe(1);
  });

  it('fails closed when full of live values, and recovers once they expire', () => {
    const cache = new InMemoryReplayCache({ maxEntries: 2 });
    cache.checkAndRemember('a', 150, 100);
    cache.checkAndRemember('b', 110, 100);

    expect(() => cache.checkAndRemember('c', 160, 101)).toThrow('replay cache holds 2');
    expect(cache.checkAndRemember('a', 160, 102)).toBe(false);
    expect(cache.checkAndRemember('c', 160, 111)).toBe(true);
  });
});

describe('dpopTargetUri', () => {
  it('decodes percent-encoded unreserved characters and upper-cases other escapes', () => {
    expect(dpopTargetUri('https://api.example.com/a%7Eb/%2fc?q=1')).toBe(
      'https://api.example.com/a~b/%2Fc',
    );
    expect(dpopTargetUri('https://api.example.com/a~b/%2Fc')).toBe(
      'https://api.example.com/a~b/%2Fc',
    );
  });

  it('keeps reserved characters encoded, so /a%2Fb and /a/b stay different', () => {
    expect(dpopTargetUri('https://x.test/a%2Fb')).not.toBe(dpopTargetUri('https://x.test/a/b'));
  });

  it('refuses what is not an http(s) URL', () => {
    expect(dpopTargetUri('ftp://x.test/a')).toBeUndefined();
    expect(dpopTargetUri('not a url')).toBeUndefined();
  });
});

describe('BoundedCache', () => {
  it('keeps at most its capacity, evicting the oldest entry not read since it was passed', () => {
    const cache = new BoundedCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1);

    cache.set('d', 4); // 'a' was read: it gets a second chance and 'b' goes

    expect(cache.size).toBe(3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([
      1,
      undefined,
      3,
      4,
    ]);
  });

  it('evicts even when every entry was read', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.get('b');

    cache.set('c', 3);

    expect(cache.size).toBe(2);
    expect(cache.get('c')).toBeUndefined(); // the one entry unread when the scan reached it
    cache.set('c', 3);
    expect(cache.get('a')).toBeUndefined();
    expect([cache.get('b'), cache.get('c')]).toEqual([2, 3]);
  });

  it('replaces a value in place and keeps nothing when its capacity is 0', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('a', 2);
    expect([cache.get('a'), cache.size]).toEqual([2, 1]);

    const none = new BoundedCache<string, number>(0);
    none.set('a', 1);
    expect([none.get('a'), none.size]).toEqual([undefined, 0]);
  });
});

describe('isSameKey', () => {
  it('agrees with comparing RFC 7638 thumbprints', () => {
    const coordinate = (fill: number): string => Buffer.alloc(32, fill).toString('base64url');
    const jwks = [
      { kty: 'EC', crv: 'P-256', x: coordinate(1), y: coordinate(2) },
      { kty: 'EC', crv: 'P-256', x: coordinate(1), y: coordinate(3) },
      { kty: 'EC', crv: 'P-256', x: coordinate(3), y: coordinate(2) },
      { kty: 'EC', crv: 'P-256', x: coordinate(2), y: coordinate(1) },
      { kty: 'OKP', crv: 'Ed25519', x: coordinate(1) },
      { kty: 'OKP', crv: 'Ed25519', x: coordinate(2) },
      { kty: 'EC', crv: 'P-256', x: coordinate(1), y: coordinate(2), kid: 'another name' },
    ];
    const keys = jwks.map((jwk) =>
      describePublicJwk(jwk, (reason) => {
        throw new Error(reason);
      }),
    );

    for (const a of keys) {
      for (const b of keys) {
        expect(isSameKey(a, b)).toBe(a.thumbprint === b.thumbprint);
      }
    }
    expect(isSameKey(keys[0]!, keys[6]!)).toBe(true);
  });
});
