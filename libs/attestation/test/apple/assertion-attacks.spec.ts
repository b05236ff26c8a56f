import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';

import { decode } from 'cbor-x';

import { verifyAppAttestAssertion } from '../../src/apple/index.js';
import type { AppAttestAssertionInput } from '../../src/apple/index.js';
import { MAX_ASSERTION_BYTES } from '../../src/apple/limits.js';
import { expectAttestationError } from './expect-code.js';
import {
  assertWith,
  buildAuthData,
  cbor,
  encodeAssertion,
  sha256,
  TEST_APP_ID,
} from './synthetic.js';
import { type AssertionVectorInput, fromBase64, fromHex, loadFixture } from './vectors.js';

const real = loadFixture<{ input: AssertionVectorInput }>(
  'uebelack_node-app-attest_assertion.json',
).input;
const realDecoded = decode(fromBase64(real.assertionBase64)) as {
  signature: Uint8Array;
  authenticatorData: Uint8Array;
};

function realInput(overrides: Partial<AppAttestAssertionInput> = {}): AppAttestAssertionInput {
  return {
    assertion: fromBase64(real.assertionBase64),
    publicKey: createPublicKey(real.publicKeyPem),
    clientDataHash: fromHex(real.clientDataHashHex),
    appId: real.appId,
    previousCounter: real.previousCounter,
    ...overrides,
  };
}

const device = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const clientDataHash = sha256(Buffer.from('{"challenge":"abc"}'));

function deviceInput(
  authenticatorData: Uint8Array,
  overrides: Partial<AppAttestAssertionInput> = {},
) {
  return {
    assertion: assertWith(device.privateKey, authenticatorData, clientDataHash),
    publicKey: device.publicKey,
    clientDataHash,
    appId: TEST_APP_ID,
    previousCounter: 0,
    ...overrides,
  };
}

const authData = (counter: number, flags = 0x40, tail?: Uint8Array) =>
  buildAuthData({ appId: TEST_APP_ID, flags, counter, ...(tail ? { tail } : {}) });

describe('App Attest assertion: signatures', () => {
  it('accepts the unmodified real assertion (baseline)', () => {
    expect(verifyAppAttestAssertion(realInput()).signCount).toBe(1);
  });

  it('refuses an assertion checked against another key', () => {
    expectAttestationError(
      () => verifyAppAttestAssertion(realInput({ publicKey: device.publicKey })),
      'ASSERTION_SIGNATURE_INVALID',
    );
  });

  it('refuses an assertion signed by another key', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const assertion = assertWith(other.privateKey, authData(1), clientDataHash);
    expectAttestationError(
      () => verifyAppAttestAssertion({ ...deviceInput(authData(1)), assertion }),
      'ASSERTION_SIGNATURE_INVALID',
    );
  });

  it('refuses mutated authenticator data (counter raised after signing)', () => {
    const mutated = new Uint8Array(realDecoded.authenticatorData);
    mutated[36] = 0x05;
    const assertion = encodeAssertion(realDecoded.signature, mutated);
    expectAttestationError(
      () => verifyAppAttestAssertion(realInput({ assertion })),
      'ASSERTION_SIGNATURE_INVALID',
    );
  });

  it('refuses a signature over the authenticator data without the client data hash', () => {
    const data = authData(1);
    const signature = sign('sha256', sha256(data), device.privateKey);
    const assertion = encodeAssertion(signature, data);
    expectAttestationError(
      () => verifyAppAttestAssertion({ ...deviceInput(data), assertion }),
      'ASSERTION_SIGNATURE_INVALID',
    );
  });

  it('refuses a raw (r || s) signature where DER is required', () => {
    const data = authData(1);
    const signature = sign('sha256', sha256(data, clientDataHash), {
      key: device.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    const assertion = encodeAssertion(signature, data);
    expectAttestationError(
      () => verifyAppAttestAssertion({ ...deviceInput(data), assertion }),
      'ASSERTION_SIGNATURE_INVALID',
    );
  });

  it('refuses a different clientDataHash than the one signed', () => {
    const input = realInput({ clientDataHash: sha256(Buffer.from('other request')) });
    expectAttestationError(() => verifyAppAttestAssertion(input), 'ASSERTION_SIGNATURE_INVALID');
  });
});

describe('App Attest assertion: counter and app', () => {
  it('accepts a counter that rises', () => {
    expect(
      verifyAppAttestAssertion(deviceInput(authData(8), { previousCounter: 7 })).signCount,
    ).toBe(8);
  });

  it.each([
    ['equal', 7, 7],
    ['lower', 6, 7],
    ['zero after attestation', 0, 0],
  ])('refuses a counter that is %s', (_label, counter, previousCounter) => {
    expectAttestationError(
      () => verifyAppAttestAssertion(deviceInput(authData(counter), { previousCounter })),
      'COUNTER_NOT_INCREASING',
    );
  });

  it('refuses an assertion made for another app', () => {
    const data = buildAuthData({ appId: 'ZZZZZ99999.com.example.clone', flags: 0x40, counter: 1 });
    expectAttestationError(() => verifyAppAttestAssertion(deviceInput(data)), 'APP_ID_MISMATCH');
  });

  it('reads the iOS 27 extension map after the counter', () => {
    const tail = new Uint8Array(
      cbor.encode(
        new Map<string, unknown>([
          ['apple_bundle_version_01', '7'],
          ['apple_validation_category_01', Buffer.from([3, 0, 0, 0])],
        ]),
      ),
    );
    const result = verifyAppAttestAssertion(deviceInput(authData(1, 0xc0, tail)));
    expect(result.extensions).toEqual({ bundleVersion: '7', validationCategory: 3 });
  });
});

describe('App Attest assertion: framing', () => {
  it.each([
    ['empty input', new Uint8Array(0)],
    ['truncated CBOR', fromBase64(real.assertionBase64).subarray(0, 20)],
    ['garbage bytes', new Uint8Array([0xff, 0x00, 0x13, 0x37])],
    ['an extra member', new Uint8Array(cbor.encode({ ...realDecoded, extra: 1 }))],
    [
      'a missing signature',
      new Uint8Array(cbor.encode({ authenticatorData: realDecoded.authenticatorData })),
    ],
    [
      'short authenticator data',
      encodeAssertion(realDecoded.signature, realDecoded.authenticatorData.subarray(0, 36)),
    ],
    [
      'ED flag without extensions',
      assertWith(device.privateKey, authData(1, 0xc0), clientDataHash),
    ],
    [
      'bytes after the counter that are not a map',
      assertWith(device.privateKey, authData(1, 0xc0, new Uint8Array([0x01])), clientDataHash),
    ],
  ])('refuses %s as MALFORMED_EVIDENCE', (_label, assertion) => {
    expectAttestationError(
      () => verifyAppAttestAssertion({ ...deviceInput(authData(1)), assertion }),
      'MALFORMED_EVIDENCE',
    );
  });

  it('refuses an oversized assertion before decoding it', () => {
    const assertion = new Uint8Array(MAX_ASSERTION_BYTES + 1);
    expectAttestationError(
      () => verifyAppAttestAssertion(realInput({ assertion })),
      'EVIDENCE_TOO_LARGE',
    );
  });
});

describe('App Attest assertion: caller misuse', () => {
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });

  it.each([
    ['a negative previous counter', { previousCounter: -1 }],
    ['a fractional previous counter', { previousCounter: 1.5 }],
    ['a P-384 key', { publicKey: p384.publicKey }],
    ['an RSA key', { publicKey: rsa.publicKey }],
    ['a private key', { publicKey: device.privateKey }],
    ['a JWK that is not a key', { publicKey: { kty: 'EC' } }],
    ['a string clientDataHash', { clientDataHash: 'abc' as unknown as Uint8Array }],
  ])('throws TypeError for %s', (_label, overrides) => {
    expect(() => verifyAppAttestAssertion(realInput(overrides))).toThrow(TypeError);
  });
});
