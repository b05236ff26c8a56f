import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';

import { createTrustBundle, generateRootKey } from '../../../tokens/src/index.js';
import {
  acceptTrustBundle,
  isTrustBundleError,
  type TrustBundleErrorCode,
} from '../../src/index.js';
import { at, DAY, NOW, payloadOf, rewrite, Vendor, withPayload } from './bundle-harness.js';

function refusal(run: () => unknown): TrustBundleErrorCode | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (isTrustBundleError(error)) return error.code;
    throw error;
  }
}

describe('acceptTrustBundle', () => {
  const vendor = new Vendor();
  const accept = (text: string, state?: string, now = NOW) =>
    acceptTrustBundle(text, { rootPublicKey: vendor.rootPublic, now, state });

  it('accepts a bundle signed by the pinned root and reports its keys and windows', () => {
    const { bundle, state } = accept(vendor.bundle(1));
    expect(bundle.version).toBe(1);
    expect(bundle.issuer).toBe('https://tessera.vendor.example');
    expect(bundle.expiresAt).toEqual(at(30 * DAY));
    expect(bundle.keys).toEqual([
      {
        kid: vendor.keyA.kid,
        jwk: { kty: 'OKP', crv: 'Ed25519', x: vendor.keyA.publicJwk.x },
        notBefore: at(-10 * DAY),
        notAfter: at(10 * DAY),
      },
    ]);
    expect(bundle.rootKid).toBe(vendor.rootPublic.kid);
    expect(JSON.parse(state)).toMatchObject({ format: 1, highestVersion: 1, rootTransitions: [] });
  });

  it('accepts the root as PEM as well as JWK', () => {
    const pem = vendor.root.export({ format: 'pem', type: 'pkcs8' }) as string;
    const publicPem = generateKeyPairSync('ed25519').publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    expect(() =>
      acceptTrustBundle(vendor.bundle(1), { rootPublicKey: pem, now: NOW, state: undefined }),
    ).toThrow(TypeError);
    const rootPem = rootPublicPem(vendor);
    expect(
      acceptTrustBundle(vendor.bundle(1), { rootPublicKey: rootPem, now: NOW, state: undefined })
        .bundle.version,
    ).toBe(1);
    expect(
      refusal(() =>
        acceptTrustBundle(vendor.bundle(1), {
          rootPublicKey: publicPem as string,
          now: NOW,
          state: undefined,
        }),
      ),
    ).toBe('BUNDLE_ROOT_UNKNOWN');
  });

  describe('versions', () => {
    it('accepts a rising version and the same bundle again', () => {
      const first = accept(vendor.bundle(3));
      const again = accept(vendor.bundle(3), first.state);
      expect(again.state).toBe(first.state);
      expect(accept(vendor.bundle(4), first.state).bundle.version).toBe(4);
    });

    it('refuses a lower version than one already accepted', () => {
      const { state } = accept(vendor.bundle(5));
      expect(refusal(() => accept(vendor.bundle(4), state))).toBe('BUNDLE_VERSION_ROLLBACK');
    });

    it('refuses the same version with other contents', () => {
      const { state } = accept(vendor.bundle(5));
      const other = vendor.bundle(5, { expiresAt: at(20 * DAY) });
      expect(refusal(() => accept(other, state))).toBe('BUNDLE_VERSION_CONFLICT');
    });
  });

  describe('dates', () => {
    it('refuses an expired bundle', () => {
      expect(refusal(() => accept(vendor.bundle(1), undefined, at(30 * DAY)))).toBe(
        'BUNDLE_EXPIRED',
      );
    });

    it('refuses a bundle issued in the future', () => {
      const early = vendor.bundle(1, { issuedAt: at(DAY) });
      expect(refusal(() => accept(early))).toBe('BUNDLE_NOT_YET_VALID');
    });
  });

  describe('signatures', () => {
    it('refuses a bundle by another root', () => {
      const stranger = vendor.bundle(1, { rootKey: generateRootKey() });
      expect(refusal(() => accept(stranger))).toBe('BUNDLE_ROOT_UNKNOWN');
    });

    it('refuses a changed payload under the root signature', () => {
      const changed = withPayload(vendor.bundle(1), { ...payloadOf(vendor.bundle(1)), version: 9 });
      expect(refusal(() => accept(changed))).toBe('BUNDLE_SIGNATURE_INVALID');
    });

    it('refuses a flipped signature bit', () => {
      const flipped = rewrite(vendor.bundle(1), (document) => {
        const bytes = Buffer.from(document.signatures[0]!.signature, 'base64url');
        bytes[10]! ^= 1;
        return {
          ...document,
          signatures: [{ ...document.signatures[0]!, signature: bytes.toString('base64url') }],
        };
      });
      expect(refusal(() => accept(flipped))).toBe('BUNDLE_SIGNATURE_INVALID');
    });

    it('refuses a signature repeated under the same kid', () => {
      const doubled = rewrite(vendor.bundle(1), (document) => ({
        ...document,
        signatures: [document.signatures[0]!, document.signatures[0]!],
      }));
      expect(refusal(() => accept(doubled))).toBe('BUNDLE_SIGNATURE_DUPLICATED');
    });

    it('refuses an extra signature by a key that is not the root', () => {
      const other = createTrustBundle({
        ...payloadDates(),
        version: 1,
        issuer: 'x',
        keys: [{ jwk: vendor.keyA.publicJwk, notBefore: at(-DAY), notAfter: at(DAY) }],
        rootKey: generateRootKey(),
      });
      const extra = rewrite(vendor.bundle(1), (document) => ({
        ...document,
        signatures: [...document.signatures, signatureOver(document.payload, other)],
      }));
      expect(refusal(() => accept(extra))).toBe('BUNDLE_SIGNATURE_UNKNOWN');
    });

    it('refuses an alg other than EdDSA and an unprotected header', () => {
      const none = rewrite(vendor.bundle(1), (document) => ({
        ...document,
        signatures: [
          {
            protected: Buffer.from(
              JSON.stringify({
                alg: 'none',
                kid: vendor.rootPublic.kid,
                typ: 'tessera-trust-bundle+json',
              }),
            ).toString('base64url'),
            signature: document.signatures[0]!.signature,
          },
        ],
      }));
      expect(refusal(() => accept(none))).toBe('BUNDLE_SIGNATURE_INVALID');
      const unprotected = rewrite(vendor.bundle(1), (document) => ({
        ...document,
        signatures: [{ ...document.signatures[0]!, header: { kid: 'x' } } as never],
      }));
      expect(refusal(() => accept(unprotected))).toBe('BUNDLE_MALFORMED');
    });
  });

  describe('strict parsing', () => {
    const base = () => payloadOf(vendor.bundle(1));
    // Re-signed by the real root, so only the parsing can refuse them.
    const signed = (payload: unknown) => resign(vendor, payload);

    it.each([
      ['a fractional version', { version: 1.5 }],
      ['a version as a string', { version: '2' }],
      ['a zero version', { version: 0 }],
      ['a date without offset', { expiresAt: '2027-01-01T00:00:00' }],
      ['an impossible date', { expiresAt: '2027-02-30T00:00:00Z' }],
      ['a leap second', { expiresAt: '2027-06-30T23:59:60Z' }],
      ['a date as a number', { issuedAt: 1_800_000_000 }],
      ['an unknown member', { policy: 'lenient' }],
      ['no keys', { keys: [] }],
      ['expiry before issue', { expiresAt: '2026-01-01T00:00:00Z' }],
    ])('refuses %s', (_name, change) => {
      expect(refusal(() => accept(signed({ ...base(), ...change })))).toBe('BUNDLE_MALFORMED');
    });

    it('refuses keys with a bad window, a private member or a repeat', () => {
      const key = (base().keys as Record<string, unknown>[])[0]!;
      const cases = [
        { ...key, notAfter: key.notBefore },
        { ...key, notBefore: 'yesterday' },
        { ...key, d: 'AAAA' },
        { ...key, kty: 'EC', crv: 'P-256' },
      ];
      for (const entry of cases) {
        expect(refusal(() => accept(signed({ ...base(), keys: [entry] })))).toBe(
          'BUNDLE_MALFORMED',
        );
      }
      expect(refusal(() => accept(signed({ ...base(), keys: [key, { ...key, kid: 'k2' }] })))).toBe(
        'BUNDLE_MALFORMED',
      );
    });

    it('refuses duplicate member names, non-JSON and oversize documents', () => {
      const text = vendor.bundle(1);
      const duplicated = text.replace('{', '{"payload":"e30",');
      expect(refusal(() => accept(duplicated))).toBe('BUNDLE_MALFORMED');
      expect(refusal(() => accept('not json'))).toBe('BUNDLE_MALFORMED');
      expect(refusal(() => accept(' '.repeat(70_000)))).toBe('BUNDLE_MALFORMED');
    });
  });

  describe('state', () => {
    it('refuses a state that does not parse, failing closed', () => {
      expect(refusal(() => accept(vendor.bundle(1), '{"highestVersion":"7"}'))).toBe(
        'TRUST_STATE_INVALID',
      );
      expect(refusal(() => accept(vendor.bundle(1), 'garbage'))).toBe('TRUST_STATE_INVALID');
    });

    it('refuses a state whose recorded rotation was not signed by the pinned root', () => {
      const attacker = generateRootKey();
      const forged = createTrustBundle({
        ...payloadDates(),
        version: 1,
        issuer: 'x',
        keys: [{ jwk: vendor.keyA.publicJwk, notBefore: at(-DAY), notAfter: at(DAY) }],
        rootKey: generateRootKey(),
        nextRootKey: attacker,
      });
      const state = JSON.stringify({
        format: 1,
        highestVersion: 1,
        payloadDigest: 'A'.repeat(43),
        rootTransitions: [forged],
      });
      expect(refusal(() => accept(vendor.bundle(2), state))).toBe('TRUST_STATE_INVALID');
    });
  });
});

function rootPublicPem(vendor: Vendor): string {
  return createPublicKey(vendor.root).export({ type: 'spki', format: 'pem' }) as string;
}

function payloadDates() {
  return { issuedAt: at(-DAY), expiresAt: at(DAY) };
}

function signatureOver(payload: string, otherBundle: string) {
  // A genuine signature by another key, moved onto this payload.
  const other = JSON.parse(otherBundle) as { signatures: { protected: string }[] };
  const protectedSegment = other.signatures[0]!.protected;
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    protected: protectedSegment,
    signature: sign(null, Buffer.from(`${protectedSegment}.${payload}`), privateKey).toString(
      'base64url',
    ),
  };
}

/** Signs an arbitrary payload with the vendor root, as a careless signer might. */
export function resign(vendor: Vendor, payload: unknown): string {
  const payloadSegment = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const header = Buffer.from(
    JSON.stringify({ alg: 'EdDSA', kid: vendor.rootPublic.kid, typ: 'tessera-trust-bundle+json' }),
  ).toString('base64url');
  const signature = sign(null, Buffer.from(`${header}.${payloadSegment}`), vendor.root);
  return JSON.stringify({
    payload: payloadSegment,
    signatures: [{ protected: header, signature: signature.toString('base64url') }],
  });
}
