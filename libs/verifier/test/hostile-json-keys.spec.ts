import { jwkThumbprint } from '../../tokens/src/index.js';
import { decodeJsonSegment } from '../src/strict-json.js';
import {
  decodePart,
  ed25519Device,
  ed25519Signer,
  es256Signer,
  p256Device,
  rawJws,
  Scenario,
  tokenHash,
} from './harness.js';
import {
  seeded,
  pick,
  withSpareBit,
  tokenHeader,
  vendorSigned,
  proofClaims,
  request,
  sendToken,
  sendProof,
} from './hostile-support.js';

describe('repeated names in signed payloads', () => {
  async function payloadOutcome(edit: (claims: string) => string): Promise<string> {
    const s = new Scenario();
    const claims = JSON.stringify(decodePart(await s.token(), 1));
    return sendToken(s, vendorSigned(s, tokenHeader(s), edit(claims)));
  }

  it.each([
    ['aud, spelled with an escape', (c: string) => c.replace(/^\{/, '{"a\\u0075d":["plant-1"],')],
    ['sub, after whitespace', (c: string) => c.replace(/^\{/, '{ "sub" \t: "inst-1" ,')],
    ['x inside cnf.jwk', (c: string) => c.replace('"x":', '"x":"AAAA","x":')],
    [
      'platform inside app',
      (c: string) => c.replace('"platform":', '"platform":"android","platform":'),
    ],
    [
      'a name inside an object in an array',
      (c: string) => c.replace(/\}$/, ',"ext":[{"a":1,"\\u0061":2}]}'),
    ],
    ['__proto__', (c: string) => c.replace(/\}$/, ',"__proto__":1,"__proto__":2}')],
    [
      'a name outside the Basic Multilingual Plane',
      (c: string) => c.replace(/\}$/, ',"\u{1f600}":1,"\\ud83d\\ude00":2}'),
    ],
    [
      'a name after strings full of colons',
      (c: string) => c.replace(/\}$/, ',"e":"\\" :\\":","f":" : ","e":1}'),
    ],
  ])('TOKEN_MALFORMED for a repeated %s', async (_label, edit) => {
    expect(await payloadOutcome(edit)).toBe('TOKEN_MALFORMED');
  });

  it.each([
    [
      'strings full of quoted colons',
      (c: string) => c.replace(/\}$/, ',"e":"\\":\\" :","f":[" : ","\\"\\t:"]}'),
    ],
    ['names that differ only by case', (c: string) => c.replace(/\}$/, ',"Sub":"x","SUB":"y"}')],
    [
      'the same name in sibling objects',
      (c: string) => c.replace(/\}$/, ',"e":{"a":1},"f":{"a":2}}'),
    ],
    ['nesting at the bound', (c: string) => c.replace(/\}$/, ',"e":{"a":{"b":[1]}}}')],
  ])('accepts %s', async (_label, edit) => {
    expect(await payloadOutcome(edit)).toBe('ACCEPTED');
  });

  it('TOKEN_MALFORMED for nesting one past the bound, or far past it', async () => {
    expect(await payloadOutcome((c) => c.replace(/\}$/, ',"e":{"a":{"b":[[]]}}}'))).toBe(
      'TOKEN_MALFORMED',
    );
    expect(
      await payloadOutcome((c) => c.replace(/\}$/, `,"e":${'['.repeat(1200)}${']'.repeat(1200)}}`)),
    ).toBe('TOKEN_MALFORMED');
  });
});

describe('repeated names in generated JSON', () => {
  const WHITESPACE = ['', '', '', ' ', '\t', '\n', '\r', ' \r\n '];
  const NAMES = ['a', 'b', 'ab', ':', '"', '\\', 'é', '\u{1f600}', '__proto__'];
  const STRINGS = ['', ':', '":', '" :', '\\":', 'a":1,"a', '{"a":1}', '\\\\', ' : '];

  /** JSON text for `name`, with some of its characters escaped. */
  function spell(random: () => number, name: string): string {
    let text = '';
    for (const char of name) {
      // Both halves of a surrogate pair or neither: a lone raw half is no longer UTF-8.
      if (char === '"' || char === '\\' || random() < 0.3) {
        for (let i = 0; i < char.length; i++) {
          const hex = char.charCodeAt(i).toString(16).padStart(4, '0');
          text += `\\u${random() < 0.5 ? hex : hex.toUpperCase()}`;
        }
      } else {
        text += char;
      }
    }
    return `"${text}"`;
  }

  /** A value of at most `depth` levels and whether some object in it repeats a name. */
  function value(random: () => number, depth: number): [string, boolean] {
    const ws = (): string => pick(random, WHITESPACE);
    const roll = random();
    if (depth === 0 || roll < 0.4) {
      return random() < 0.5
        ? [`${Math.floor(random() * 100)}`, false]
        : [spell(random, pick(random, STRINGS)), false];
    }
    if (roll < 0.55) {
      const items: string[] = [];
      let repeated = false;
      for (let i = Math.floor(random() * 3); i > 0; i--) {
        const [text, inner] = value(random, depth - 1);
        items.push(`${ws()}${text}${ws()}`);
        repeated ||= inner;
      }
      return [`[${items.join(',')}]`, repeated];
    }
    const members: string[] = [];
    const seen = new Set<string>();
    let repeated = false;
    for (let i = Math.floor(random() * 4); i > 0; i--) {
      const name = pick(random, NAMES);
      repeated ||= seen.has(name);
      seen.add(name);
      const [text, inner] = value(random, depth - 1);
      repeated ||= inner;
      members.push(`${ws()}${spell(random, name)}${ws()}:${ws()}${text}${ws()}`);
    }
    return [`{${members.join(',')}}`, repeated];
  }

  it('refuses exactly the texts in which some object repeats a name', () => {
    const random = seeded(20_261_203);
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const [text, repeated] = value(random, 4);
      if (!text.startsWith('{')) {
        continue;
      }
      expect(() => JSON.parse(text) as unknown).not.toThrow();
      const decoded = decodeJsonSegment(Buffer.from(text).toString('base64url'), 4);
      expect([text, decoded === undefined]).toEqual([text, repeated]);
      refused += repeated ? 1 : 0;
    }
    expect(refused).toBeGreaterThan(100);
  });
});

describe('proof key against cnf.jwk', () => {
  const P256_PRIME = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;

  function coordinate(value: bigint): string {
    return Buffer.from(value.toString(16).padStart(64, '0'), 'hex').toString('base64url');
  }

  function bigintOf(text: string): bigint {
    return BigInt(`0x${Buffer.from(text, 'base64url').toString('hex')}`);
  }

  async function withJwk(s: Scenario, alg: string, jwk: object): Promise<string> {
    const token = await s.token();
    const header = { typ: 'dpop+jwt', alg, jwk };
    const claims = { ...proofClaims(), ath: tokenHash(token) };
    const signer =
      s.device.publicJwk.kty === 'EC'
        ? es256Signer(s.device.privateKey)
        : ed25519Signer(s.device.privateKey);
    return sendProof(s, token, rawJws(header, claims, signer));
  }

  it('PROOF_KEY_MISMATCH for the negated P-256 point, which shares x', async () => {
    const s = new Scenario();
    const { x, y } = s.device.publicJwk as { x: string; y: string };
    const negated = coordinate(P256_PRIME - bigintOf(y));

    expect(negated).not.toBe(y);
    expect(await withJwk(s, 'ES256', { kty: 'EC', crv: 'P-256', x, y: negated })).toBe(
      'PROOF_KEY_MISMATCH',
    );
    expect(await withJwk(s, 'ES256', { kty: 'EC', crv: 'P-256', x: y, y: x })).toBe(
      'PROOF_KEY_MISMATCH',
    );
  });

  it('PROOF_KEY_MISMATCH for the bound coordinates under another key type', async () => {
    const ec = new Scenario();
    const ecX = (ec.device.publicJwk as { x: string }).x;
    const ed = new Scenario({ device: ed25519Device() });
    const edX = (ed.device.publicJwk as { x: string }).x;

    expect(await withJwk(ec, 'EdDSA', { kty: 'OKP', crv: 'Ed25519', x: ecX })).toBe(
      'PROOF_KEY_MISMATCH',
    );
    expect(await withJwk(ed, 'ES256', { kty: 'EC', crv: 'P-256', x: edX, y: edX })).toBe(
      'PROOF_KEY_MISMATCH',
    );
  });

  it.each([
    ['a spare bit set in x', (x: string) => ({ x: withSpareBit(x) })],
    ['x padded', (x: string) => ({ x: `${x}=` })],
    [
      'x with a leading zero byte',
      (x: string) => ({
        x: Buffer.concat([Buffer.alloc(1), Buffer.from(x, 'base64url')]).toString('base64url'),
      }),
    ],
    [
      'x one byte short',
      (x: string) => ({ x: Buffer.from(x, 'base64url').subarray(1).toString('base64url') }),
    ],
    ['x with a space', (x: string) => ({ x: `${x.slice(0, 20)} ${x.slice(20)}` })],
    ['x as a number', () => ({ x: 1 })],
    ['a y member on an Ed25519 key', (x: string) => ({ y: x })],
    ['a private member', (x: string) => ({ d: x })],
    ['another curve', () => ({ crv: 'Ed448' })],
  ])('PROOF_KEY_INVALID for an Ed25519 proof jwk with %s', async (_label, change) => {
    const s = new Scenario({ device: ed25519Device() });
    const x = (s.device.publicJwk as { x: string }).x;
    const jwk = { kty: 'OKP', crv: 'Ed25519', x, ...change(x) };
    expect(await withJwk(s, 'EdDSA', jwk)).toBe('PROOF_KEY_INVALID');
  });

  it('accepts the bound key with members RFC 7638 leaves out, and reports its thumbprint', async () => {
    for (const device of [p256Device(), ed25519Device()]) {
      const s = new Scenario({ device });
      const extra = {
        ...device.publicJwk,
        kid: 'device-1',
        alg: 'x',
        use: 'sig',
        key_ops: ['verify'],
      };
      const claims = decodePart(await s.token(), 1);
      const token = vendorSigned(s, tokenHeader(s), { ...claims, cnf: { jwk: extra } });
      const alg = device.publicJwk.kty === 'EC' ? 'ES256' : 'EdDSA';
      const signer =
        alg === 'ES256' ? es256Signer(device.privateKey) : ed25519Signer(device.privateKey);
      const proof = rawJws(
        { typ: 'dpop+jwt', alg, jwk: extra },
        { ...proofClaims(), ath: tokenHash(token) },
        signer,
      );

      const caller = await s.verifier.verifyRequest(request(`DPoP ${token}`, proof));

      expect(caller.keyThumbprint).toBe(jwkThumbprint(device.publicJwk));
    }
  });

  it.each([
    ['a spare bit set in y', (jwk: { y: string }) => ({ y: withSpareBit(jwk.y) })],
    ['y padded', (jwk: { y: string }) => ({ y: `${jwk.y}=` })],
    ['y missing', () => ({ y: undefined })],
    ['crv in lower case', () => ({ crv: 'p-256' })],
    ['a private member p', (jwk: { y: string }) => ({ p: jwk.y })],
  ])('TOKEN_CONFIRMATION_INVALID for a P-256 cnf.jwk with %s', async (_label, change) => {
    const s = new Scenario();
    const jwk = s.device.publicJwk as { x: string; y: string };
    const claims = decodePart(await s.token(), 1);
    const token = vendorSigned(s, tokenHeader(s), {
      ...claims,
      cnf: { jwk: { ...jwk, ...change(jwk) } },
    });
    expect(await sendToken(s, token)).toBe('TOKEN_CONFIRMATION_INVALID');
  });
});
