import { generateKeyPairSync } from 'node:crypto';
import { BoundedCache } from '../src/bounded-cache.js';
import { InMemoryReplayCache } from '../src/index.js';
import {
  decodePart,
  ed25519Device,
  ed25519Signer,
  LIFETIME,
  NOW_S,
  outcome,
  rawJws,
  Scenario,
} from './harness.js';
import {
  TOKEN_TYPE,
  seeded,
  pick,
  segments,
  latin1Alias,
  tokenHeader,
  vendorSigned,
  request,
  sendToken,
  sendProof,
} from './hostile-support.js';

describe('verified-token cache', () => {
  it('does not serve a cached token for a copy that is the same bytes in Latin-1', async () => {
    const s = new Scenario();
    const token = await s.token();
    const [header, payload, signature] = segments(token);

    expect(await sendToken(s, token)).toBe('ACCEPTED');
    for (let at = 0; at < payload.length; at += 97) {
      const aliased = `${header}.${latin1Alias(payload, at)}.${signature}`;
      expect(aliased.slice(-86)).toBe(token.slice(-86));
      expect(await sendToken(s, aliased)).toBe('TOKEN_MALFORMED');
    }
    expect(await sendToken(s, `${latin1Alias(header, 1)}.${payload}.${signature}`)).toBe(
      'TOKEN_MALFORMED',
    );
    expect(await sendToken(s, token)).toBe('ACCEPTED');
  });

  it('verifies in full a token that carries a cached signature under another header or payload', async () => {
    const s = new Scenario();
    const token = await s.token();
    const [header, payload, signature] = segments(token);
    const claims = decodePart(token, 1);
    const b64 = (value: string): string => Buffer.from(value).toString('base64url');
    const reordered = b64(JSON.stringify({ typ: TOKEN_TYPE, kid: s.vendor.kid, alg: 'EdDSA' }));
    const spaced = b64(`{"alg":"EdDSA", "kid":"${s.vendor.kid}", "typ":"${TOKEN_TYPE}"}`);
    const widened = b64(
      JSON.stringify({ ...claims, aud: [...(claims.aud as string[]), 'plant-1'] }),
    );

    expect(await sendToken(s, token)).toBe('ACCEPTED');
    expect(await sendToken(s, `${reordered}.${payload}.${signature}`)).toBe(
      'TOKEN_SIGNATURE_INVALID',
    );
    expect(await sendToken(s, `${spaced}.${payload}.${signature}`)).toBe('TOKEN_SIGNATURE_INVALID');
    expect(await sendToken(s, `${header}.${widened}.${signature}`)).toBe('TOKEN_SIGNATURE_INVALID');
    expect(await sendToken(s, `x${token}`)).toBe('TOKEN_MALFORMED');
    expect(await sendToken(s, token)).toBe('ACCEPTED');
  });

  it('binds ath to the token sent, whether each token comes from the cache or not', async () => {
    for (const tokenCacheSize of [0, 1, 100]) {
      const s = new Scenario({ tokenCacheSize });
      const a = await s.token();
      const b = await s.token();
      const both = async (token: string, proofFor: string): Promise<string> =>
        outcome(s.verifier, request(`DPoP ${token}`, await s.proof(proofFor)));

      expect(a).not.toBe(b);
      for (let round = 0; round < 2; round++) {
        expect([tokenCacheSize, await both(a, a)]).toEqual([tokenCacheSize, 'ACCEPTED']);
        expect([tokenCacheSize, await both(b, a)]).toEqual([
          tokenCacheSize,
          'PROOF_TOKEN_HASH_MISMATCH',
        ]);
        expect([tokenCacheSize, await both(b, b)]).toEqual([tokenCacheSize, 'ACCEPTED']);
        expect([tokenCacheSize, await both(a, b)]).toEqual([
          tokenCacheSize,
          'PROOF_TOKEN_HASH_MISMATCH',
        ]);
      }
    }
  });

  it('re-checks a cached token against a clock that went back before its iat', async () => {
    const s = new Scenario({ clockSkewSeconds: 30, proofMaxAgeSeconds: 600 });
    const token = await s.token();

    expect(await sendToken(s, token)).toBe('ACCEPTED');
    s.clock = new Date((NOW_S - 31) * 1000);
    expect(await sendToken(s, token)).toBe('TOKEN_NOT_YET_VALID');
    s.clock = new Date((NOW_S - 30) * 1000);
    expect(await sendToken(s, token)).toBe('ACCEPTED');
  });

  it('with no skew, refuses a cached token from the second of its exp on', async () => {
    const s = new Scenario({ clockSkewSeconds: 0, proofMaxAgeSeconds: 600 });
    const token = await s.token();
    const exp = NOW_S + LIFETIME;

    s.clock = new Date((exp - 1) * 1000);
    expect(await sendToken(s, token)).toBe('ACCEPTED');
    expect(await sendToken(s, token)).toBe('ACCEPTED');
    s.clock = new Date(exp * 1000);
    expect(await sendToken(s, token)).toBe('TOKEN_EXPIRED');
    expect(await sendToken(s, token)).toBe('TOKEN_EXPIRED');
  });

  it('keeps every token checked when many tokens compete for a small cache', async () => {
    const s = new Scenario({ tokenCacheSize: 3 });
    const tokens = await Promise.all(Array.from({ length: 8 }, () => s.token()));
    const random = seeded(7);

    for (let i = 0; i < 40; i++) {
      const token = pick(random, tokens);
      const other = pick(random, tokens);
      expect(await sendToken(s, token)).toBe('ACCEPTED');
      const crossed = await outcome(s.verifier, request(`DPoP ${token}`, await s.proof(other)));
      expect(crossed).toBe(token === other ? 'ACCEPTED' : 'PROOF_TOKEN_HASH_MISMATCH');
    }
  });
});

describe('token header cache', () => {
  it('gives each header the same answer every time, however full the cache', async () => {
    const s = new Scenario();
    const claims = decodePart(await s.token(), 1);
    const forger = generateKeyPairSync('ed25519').privateKey;
    const forged = (header: string): string => rawJws(header, claims, ed25519Signer(forger));
    const trusted = (i: number): string =>
      `{"alg":"EdDSA",${' '.repeat(i)}"kid":"${s.vendor.kid}","typ":"${TOKEN_TYPE}"}`;
    const unknownKid = `{"alg":"EdDSA","kid":"nobody","typ":"${TOKEN_TYPE}"}`;
    const none = `{"alg":"none","kid":"${s.vendor.kid}","typ":"${TOKEN_TYPE}"}`;

    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 100; i++) {
        expect(await sendToken(s, forged(trusted(i)))).toBe('TOKEN_SIGNATURE_INVALID');
      }
      expect(await sendToken(s, forged(unknownKid))).toBe('TOKEN_KEY_UNKNOWN');
      expect(await sendToken(s, forged(none))).toBe('TOKEN_ALG_NOT_ALLOWED');
      expect(await sendToken(s, await s.token())).toBe('ACCEPTED');
      expect(await sendToken(s, vendorSigned(s, trusted(5), claims))).toBe('ACCEPTED');
    }
  });

  it.each([
    [
      'a repeated alg spelled with an escape',
      (k: string) => `{"alg":"none","kid":"${k}","typ":"${TOKEN_TYPE}","a\\u006cg":"EdDSA"}`,
    ],
    [
      'a repeated kid spelled with an escape',
      (k: string) => `{"alg":"EdDSA","kid":"other","typ":"${TOKEN_TYPE}","\\u006bid":"${k}"}`,
    ],
    [
      'a repeat with whitespace before the colon',
      (k: string) => `{"alg":"EdDSA","kid":"${k}","typ" :"JWT","typ"\r\n:"${TOKEN_TYPE}"}`,
    ],
    [
      'the same member twice with the same value',
      (k: string) => `{"alg":"EdDSA","kid":"${k}","typ":"${TOKEN_TYPE}","alg":"EdDSA"}`,
    ],
    [
      'a fourth member named __proto__',
      (k: string) => `{"alg":"EdDSA","kid":"${k}","typ":"${TOKEN_TYPE}","__proto__":{}}`,
    ],
    ['a kid that is not a string', () => `{"alg":"EdDSA","kid":["k"],"typ":"${TOKEN_TYPE}"}`],
    [
      'deep nesting',
      () => `{"alg":"EdDSA","kid":${'['.repeat(500)}${']'.repeat(500)},"typ":"${TOKEN_TYPE}"}`,
    ],
    ['an unterminated string', () => `{"alg":"EdDSA","kid":"\\`],
    [
      'a byte-order mark',
      (k: string) => `\ufeff{"alg":"EdDSA","kid":"${k}","typ":"${TOKEN_TYPE}"}`,
    ],
  ])('TOKEN_MALFORMED for a vendor-signed header with %s', async (_label, header) => {
    const s = new Scenario();
    const claims = decodePart(await s.token(), 1);
    expect(await sendToken(s, vendorSigned(s, header(s.vendor.kid), claims))).toBe(
      'TOKEN_MALFORMED',
    );
  });

  it('TOKEN_MALFORMED for a header whose bytes are not UTF-8, such as an overlong letter', async () => {
    const s = new Scenario();
    const claims = decodePart(await s.token(), 1);
    const start = `{"alg":"none","kid":"${s.vendor.kid}","typ":"${TOKEN_TYPE}","`;
    const spellings = [
      [0xc1, 0xa1], // 'a' in two bytes
      [0xe0, 0x81, 0xa1], // 'a' in three bytes
      [0xed, 0xa0, 0x80], // a surrogate half
    ];
    for (const bytes of spellings) {
      const header = Buffer.concat([
        Buffer.from(start),
        Buffer.from(bytes),
        Buffer.from('lg":"EdDSA"}'),
      ]);
      expect(await sendToken(s, vendorSigned(s, header, claims))).toBe('TOKEN_MALFORMED');
    }
  });

  it('reads no member through a __proto__ member', async () => {
    const s = new Scenario();
    const claims = decodePart(await s.token(), 1);
    const header = `{"__proto__":{"alg":"EdDSA"},"kid":"${s.vendor.kid}","typ":"${TOKEN_TYPE}"}`;
    const { iss, ...withoutIss } = claims;
    const payload = JSON.stringify(withoutIss).replace(
      /^\{/,
      `{"__proto__":{"iss":"${iss as string}"},`,
    );

    expect(await sendToken(s, vendorSigned(s, header, claims))).toBe('TOKEN_ALG_NOT_ALLOWED');
    expect(await sendToken(s, vendorSigned(s, tokenHeader(s), payload))).toBe(
      'TOKEN_ISSUER_INVALID',
    );
    expect(({} as Record<string, unknown>).alg).toBeUndefined();
  });
});

describe('replay', () => {
  it('remembers a proof dated ahead by the skew until the last second it could pass', async () => {
    const s = new Scenario({ clockSkewSeconds: 30, proofMaxAgeSeconds: 60 });
    const token = await s.token();
    const ahead = new Date((NOW_S + 30) * 1000);
    const proof = await s.proof(token, { now: ahead, jti: 'ahead' });
    const at = async (seconds: number, dpop: string): Promise<string> => {
      s.clock = new Date(seconds * 1000);
      return sendProof(s, token, dpop);
    };

    expect(await at(NOW_S, proof)).toBe('ACCEPTED');
    expect(await at(NOW_S + 1, proof)).toBe('PROOF_REPLAYED');
    expect(await at(NOW_S + 90, proof)).toBe('PROOF_REPLAYED');
    expect(await at(NOW_S + 91, proof)).toBe('PROOF_STALE');
    // The same id signed again later, while the first could still pass, is a replay.
    const again = await s.proof(token, { now: new Date((NOW_S + 31) * 1000), jti: 'ahead' });
    expect(await at(NOW_S + 60, again)).toBe('PROOF_REPLAYED');
  });

  it('refuses new proofs rather than forget a live one when the store is full', async () => {
    const s = new Scenario({ replayCache: new InMemoryReplayCache({ maxEntries: 4 }) });
    const token = await s.token();
    const proofs = await Promise.all(
      Array.from({ length: 6 }, (_, i) => s.proof(token, { jti: `id-${i}` })),
    );

    for (const proof of proofs.slice(0, 4)) {
      expect(await sendProof(s, token, proof)).toBe('ACCEPTED');
    }
    expect(await sendProof(s, token, proofs[4]!)).toBe('REPLAY_CHECK_FAILED');
    for (const proof of proofs.slice(0, 4)) {
      expect(await sendProof(s, token, proof)).toBe('PROOF_REPLAYED');
    }
    // Ids are kept for the proof window plus twice the skew (60 + 2 x 30 s), then make room.
    s.clock = new Date((NOW_S + 121) * 1000);
    const later = await s.proof(token, { now: s.clock, jti: 'id-0' });
    expect(await sendProof(s, token, later)).toBe('ACCEPTED');
    expect(await sendProof(s, token, later)).toBe('PROOF_REPLAYED');
    expect(await sendProof(s, token, proofs[1]!)).toBe('PROOF_STALE');
  });

  it('keeps ids apart per key, and refuses each replay', async () => {
    const replayCache = new InMemoryReplayCache();
    const one = new Scenario({ replayCache });
    const two = new Scenario({ replayCache, device: ed25519Device() });
    const tokenOne = await one.token();
    const tokenTwo = await two.token();
    const proofOne = await one.proof(tokenOne, { jti: 'shared' });
    const proofTwo = await two.proof(tokenTwo, { jti: 'shared' });

    expect(await sendProof(one, tokenOne, proofOne)).toBe('ACCEPTED');
    expect(await sendProof(two, tokenTwo, proofTwo)).toBe('ACCEPTED');
    expect(await sendProof(one, tokenOne, proofOne)).toBe('PROOF_REPLAYED');
    expect(await sendProof(two, tokenTwo, proofTwo)).toBe('PROOF_REPLAYED');
  });

  it('never accepts a live id again and fails only when full of live ids, in any order of expiry', () => {
    const random = seeded(99);
    for (const maxEntries of [1, 3, 8, 1000]) {
      const cache = new InMemoryReplayCache({ maxEntries });
      const model = new Map<string, number>();
      let now = 1_000;
      for (let step = 0; step < 4000; step++) {
        now += random() < 0.2 ? 1 + Math.floor(random() * 3) : 0;
        const key = `k${Math.floor(random() * 40)}`;
        const expiresAt = now + 1 + Math.floor(random() * 20);
        const liveBefore = [...model.values()].filter((until) => until > now).length;
        const known = model.get(key);
        const live = known !== undefined && known > now;
        let answer: boolean | 'full';
        try {
          answer = cache.checkAndRemember(key, expiresAt, now);
        } catch {
          answer = 'full';
        }
        if (live) {
          expect([step, key, answer]).toEqual([step, key, false]);
        } else if (answer === 'full') {
          expect(liveBefore).toBeGreaterThanOrEqual(maxEntries);
        } else {
          expect([step, key, answer]).toEqual([step, key, true]);
          model.set(key, expiresAt);
        }
      }
    }
  });
});

describe('BoundedCache', () => {
  it('returns only the value last set for a key, and holds at most its capacity', () => {
    const random = seeded(5);
    for (const capacity of [1, 2, 5, 16]) {
      const cache = new BoundedCache<string, number>(capacity);
      const last = new Map<string, number>();
      for (let step = 0; step < 3000; step++) {
        const key = `k${Math.floor(random() * 24)}`;
        const roll = random();
        if (roll < 0.45) {
          cache.set(key, step);
          last.set(key, step);
        } else if (roll < 0.5) {
          cache.delete(key);
          last.delete(key);
        } else {
          const value = cache.get(key);
          expect([key, value === undefined || value === last.get(key)]).toEqual([key, true]);
        }
        expect(cache.size).toBeLessThanOrEqual(capacity);
      }
    }
  });
});
