import { createPublicKey, sign, verify } from 'node:crypto';

import {
  acceptTrustBundle,
  createTesseraVerifier,
  isTrustBundleError,
  TRUST_BUNDLE_TYPE,
  type PublicJwk,
} from '../src/index.js';
import { isWeakEd25519Key, SMALL_ORDER_ED25519_KEYS } from '../src/ed25519-point.js';
import { at, DAY, NOW as BUNDLE_NOW, payloadOf, Vendor } from './bundle/bundle-harness.js';
import {
  b64url,
  decodePart,
  ed25519Device,
  NOW_S,
  outcome,
  rawJws,
  Scenario,
  TARGET_URL,
  tokenHash,
} from './harness.js';
import { sendToken, tokenHeader, vendorSigned } from './hostile-support.js';

const P = 2n ** 255n - 19n;
const D = (P - ((121665n * modInverse(121666n)) % P)) % P;

function modInverse(value: bigint): bigint {
  return modPow(value, P - 2n);
}

function modPow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base % P;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}

function encode(y: bigint, xNegative = false): string {
  const bytes = Buffer.from(y.toString(16).padStart(64, '0'), 'hex').reverse();
  if (xNegative) bytes[31] = bytes[31]! | 0x80;
  return bytes.toString('base64url');
}

/** y = p and y = 2^255 - 1: unreduced spellings (of 0, order 4, and of 18). */
const UNREDUCED = [encode(P), encode(2n ** 255n - 1n, true)];
const WEAK_KEYS = [...SMALL_ORDER_ED25519_KEYS, ...UNREDUCED];
const weakJwk = (x: string) => ({ kty: 'OKP', crv: 'Ed25519', x, kid: 'weak' });

/** The code a bundle is refused with, or a configuration error's message. */
function refusalOf(bundle: string, rootPublicKey: PublicJwk): string {
  try {
    acceptTrustBundle(bundle, { rootPublicKey, now: BUNDLE_NOW, state: undefined });
    return 'ACCEPTED';
  } catch (error) {
    return isTrustBundleError(error) ? error.code : (error as Error).message;
  }
}

/** A bundle with this payload, signed by the vendor's root alone. */
function signedByRoot(vendor: Vendor, payload: object): string {
  const payloadSegment = b64url(payload);
  const kid = vendor.rootPublic.kid!;
  const protectedSegment = b64url({ alg: 'EdDSA', kid, typ: TRUST_BUNDLE_TYPE });
  const signature = sign(null, Buffer.from(`${protectedSegment}.${payloadSegment}`), vendor.root);
  return JSON.stringify({
    payload: payloadSegment,
    signatures: [{ protected: protectedSegment, signature: b64url(signature) }],
  });
}

describe('small-order Ed25519 keys', () => {
  it('lists the eight small-order points, each spelled with both signs of x', () => {
    const order8 = SMALL_ORDER_ED25519_KEYS.filter(
      (x) => ![0n, 1n, P - 1n].some((y) => x === encode(y) || x === encode(y, true)),
    );
    expect(SMALL_ORDER_ED25519_KEYS).toHaveLength(10);
    expect(order8).toHaveLength(4);
    for (const x of order8) {
      const bytes = Buffer.from(x, 'base64url');
      bytes[31] = bytes[31]! & 0x7f;
      const y = BigInt(`0x${Buffer.from(bytes).reverse().toString('hex')}`);
      // y(2P) = 0 for a = -1 gives d y^4 + 2 y^2 - 1 = 0 (see ed25519-point.ts).
      expect((D * modPow(y, 4n) + 2n * modPow(y, 2n) - 1n + P) % P).toBe(0n);
    }
  });

  it('is why they are refused: node verifies a signature made with no private key', () => {
    const key = createPublicKey({ key: weakJwk(encode(0n)), format: 'jwk' });
    const neutralR = Buffer.alloc(32);
    neutralR[0] = 1;
    const forged = Buffer.concat([neutralR, Buffer.alloc(32)]);
    const accepted = Array.from({ length: 64 }, (_, i) =>
      verify(null, Buffer.from(`message ${i}`), key, forged),
    ).filter(Boolean);

    expect(accepted.length).toBeGreaterThan(0);
  });

  it('tells weak keys from real ones', () => {
    const real = new Scenario().vendor.publicJwk.x!;
    expect(WEAK_KEYS.filter((x) => !isWeakEd25519Key(x))).toEqual([]);
    expect(isWeakEd25519Key(real)).toBe(false);
    expect(isWeakEd25519Key(encode(P - 20n))).toBe(false); // reduced, and not small order
  });

  it.each(WEAK_KEYS)('refuses %s as a token-signing key in a trust bundle', (x) => {
    const vendor = new Vendor();
    const bundle = vendor.bundle(5, {
      keys: [
        { jwk: vendor.keyA.publicJwk, notBefore: at(-10 * DAY), notAfter: at(10 * DAY) },
        { jwk: weakJwk(x), notBefore: at(-10 * DAY), notAfter: at(10 * DAY) },
      ],
    });

    expect(refusalOf(bundle, vendor.rootPublic)).toBe('BUNDLE_MALFORMED');
  });

  it.each(WEAK_KEYS)('refuses %s as the next root, and as a pinned root', (x) => {
    const vendor = new Vendor();
    const bundle = signedByRoot(vendor, {
      ...payloadOf(vendor.bundle(5)),
      nextRoot: weakJwk(x),
    });

    expect(refusalOf(bundle, vendor.rootPublic)).toBe('BUNDLE_MALFORMED');
    expect(refusalOf(bundle, weakJwk(x))).toMatch(/^rootPublicKey must not be a small-order/);
  });

  it.each(WEAK_KEYS)('refuses %s in a JWKS at start', (x) => {
    expect(() =>
      createTesseraVerifier({ deployment: 'plant-7', keys: [weakJwk(x)] as never }),
    ).toThrow(/small-order/);
  });

  it('refuses a token whose cnf key is a weak key, and a proof that carries one', async () => {
    const s = new Scenario();
    const token = vendorSigned(s, tokenHeader(s), {
      ...decodePart(await s.token(), 1),
      cnf: { jwk: weakJwk(encode(0n)) },
    });
    expect(await sendToken(s, token)).toBe('TOKEN_CONFIRMATION_INVALID');

    const real = await s.token();
    const forged = rawJws(
      { typ: 'dpop+jwt', alg: 'EdDSA', jwk: weakJwk(encode(1n)) },
      { jti: 'weak-1', htm: 'GET', htu: TARGET_URL, iat: NOW_S, ath: tokenHash(real) },
      () => Buffer.concat([Buffer.from([1]), Buffer.alloc(63)]),
    );
    expect(
      await outcome(s.verifier, {
        authorization: `DPoP ${real}`,
        dpop: forged,
        method: 'GET',
        url: TARGET_URL,
      }),
    ).toBe('PROOF_KEY_INVALID');
  });

  it('still takes a real Ed25519 device key', async () => {
    const s = new Scenario({ device: ed25519Device() });

    expect(await outcome(s.verifier, await s.request())).toBe('ACCEPTED');
  });
});
