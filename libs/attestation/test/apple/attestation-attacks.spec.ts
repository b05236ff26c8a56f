import { decode } from 'cbor-x';

import { verifyAppAttestAttestation } from '../../src/apple/index.js';
import type { AppAttestAttestationInput } from '../../src/apple/index.js';
import { MAX_ATTESTATION_OBJECT_BYTES } from '../../src/apple/limits.js';
import { expectAttestationError } from './expect-code.js';
import {
  attest,
  cbor,
  createAuthority,
  encodeAttestation,
  NOW,
  type TestAttestation,
  type TestAuthority,
} from './synthetic.js';
import { type AttestationVectorInput, fromBase64, fromHex, loadFixture } from './vectors.js';

const real = loadFixture<{ input: AttestationVectorInput }>(
  'veehaitch_ios-14.4_attestation.json',
).input;

function realInput(overrides: Partial<AppAttestAttestationInput> = {}): AppAttestAttestationInput {
  return {
    attestationObject: fromBase64(real.attestationObjectBase64),
    keyId: fromBase64(real.keyIdBase64),
    clientDataHash: fromHex(real.clientDataHashHex),
    appId: real.appId,
    environment: real.environment,
    now: new Date(real.verifyAt),
    ...overrides,
  };
}

interface RealObject {
  fmt: string;
  attStmt: { x5c: Uint8Array[]; receipt: Uint8Array };
  authData: Uint8Array;
}
const realObject = decode(fromBase64(real.attestationObjectBase64)) as RealObject;

function reencode(change: (object: RealObject) => void): Uint8Array {
  const copy: RealObject = structuredClone(realObject);
  change(copy);
  return encodeAttestation(
    copy.fmt,
    copy.attStmt.x5c,
    copy.authData,
    Buffer.from(copy.attStmt.receipt),
  );
}

function syntheticInput(attestation: TestAttestation): AppAttestAttestationInput {
  return {
    attestationObject: attestation.attestationObject,
    keyId: attestation.keyId,
    clientDataHash: attestation.clientDataHash,
    appId: attestation.appId,
    environment: 'development',
    now: NOW,
    rootCertificate: attestation.rootCertificate,
  };
}

let authority: TestAuthority;
let other: TestAuthority;

beforeAll(async () => {
  authority = await createAuthority();
  other = await createAuthority('Attacker');
});

describe('App Attest attestation: framing', () => {
  it('accepts the unmodified real attestation (baseline for the cases below)', () => {
    expect(verifyAppAttestAttestation(realInput()).environment).toBe('development');
  });

  it.each([
    ['empty input', new Uint8Array(0)],
    ['truncated CBOR', fromBase64(real.attestationObjectBase64).subarray(0, 1000)],
    ['garbage bytes', new Uint8Array(Buffer.from('not cbor at all, just text bytes'))],
    ['a CBOR array instead of a map', new Uint8Array(cbor.encode([1, 2, 3]))],
    [
      'trailing bytes after the object',
      new Uint8Array([...fromBase64(real.attestationObjectBase64), 0x00]),
    ],
  ])('refuses %s as MALFORMED_EVIDENCE', (_label, attestationObject) => {
    expectAttestationError(
      () => verifyAppAttestAttestation(realInput({ attestationObject })),
      'MALFORMED_EVIDENCE',
    );
  });

  it('refuses an oversized attestation object before decoding it', () => {
    const attestationObject = new Uint8Array(MAX_ATTESTATION_OBJECT_BYTES + 1);
    expectAttestationError(
      () => verifyAppAttestAttestation(realInput({ attestationObject })),
      'EVIDENCE_TOO_LARGE',
    );
  });

  it.each(['packed', 'apple', 'none', 'apple-appattest '])('refuses fmt "%s"', (fmt) => {
    const attestationObject = reencode((o) => (o.fmt = fmt));
    expectAttestationError(
      () => verifyAppAttestAttestation(realInput({ attestationObject })),
      'UNSUPPORTED_ATTESTATION_FORMAT',
    );
  });

  it('refuses an unexpected member in attStmt', () => {
    const map = decode(fromBase64(real.attestationObjectBase64)) as Record<string, unknown>;
    const attStmt = { ...(map.attStmt as object), alg: -7 };
    const attestationObject = new Uint8Array(cbor.encode({ ...map, attStmt }));
    expectAttestationError(
      () => verifyAppAttestAttestation(realInput({ attestationObject })),
      'MALFORMED_EVIDENCE',
    );
  });

  it('refuses authData that was mutated after attestation (nonce no longer matches)', () => {
    const attestationObject = reencode((o) => (o.authData[40] = o.authData[40]! ^ 0x01));
    expectAttestationError(
      () => verifyAppAttestAttestation(realInput({ attestationObject })),
      'NONCE_MISMATCH',
    );
  });
});

describe('App Attest attestation: certificate chain', () => {
  it('refuses an empty x5c', () => {
    const attestationObject = reencode((o) => (o.attStmt.x5c = []));
    expectAttestationError(
      () => verifyAppAttestAttestation(realInput({ attestationObject })),
      'CHAIN_EMPTY',
    );
  });

  it('refuses an x5c longer than credential + intermediate', () => {
    const attestationObject = reencode((o) => o.attStmt.x5c.push(o.attStmt.x5c[1]!));
    expectAttestationError(
      () => verifyAppAttestAttestation(realInput({ attestationObject })),
      'CHAIN_TOO_LONG',
    );
  });

  it('refuses swapped certificates', () => {
    const attestationObject = reencode((o) => o.attStmt.x5c.reverse());
    expectAttestationError(
      () => verifyAppAttestAttestation(realInput({ attestationObject })),
      'CERTIFICATE_SIGNATURE_INVALID',
    );
  });

  it('refuses a certificate that is not DER', () => {
    const attestationObject = reencode(
      (o) => (o.attStmt.x5c[0] = o.attStmt.x5c[0]!.subarray(0, 100)),
    );
    expectAttestationError(
      () => verifyAppAttestAttestation(realInput({ attestationObject })),
      'MALFORMED_EVIDENCE',
    );
  });

  it('refuses a self-signed credential certificate next to the real intermediate', async () => {
    const forged = await attest(authority, { selfSignedLeaf: true, appId: real.appId });
    const attestationObject = encodeAttestation(
      'apple-appattest',
      [forged.x5c[0]!, realObject.attStmt.x5c[1]!],
      forged.authData,
    );
    const input = {
      ...syntheticInput(forged),
      attestationObject,
      rootCertificate: undefined,
      now: NOW,
    };
    expectAttestationError(
      () => verifyAppAttestAttestation(input),
      'CERTIFICATE_SIGNATURE_INVALID',
    );
  });

  it('refuses a self-signed credential certificate alone', async () => {
    const forged = await attest(authority, { selfSignedLeaf: true });
    const attestationObject = encodeAttestation(
      'apple-appattest',
      [forged.x5c[0]!],
      forged.authData,
    );
    expectAttestationError(
      () => verifyAppAttestAttestation({ ...syntheticInput(forged), attestationObject }),
      'UNTRUSTED_ROOT',
    );
  });

  it('refuses a complete, consistent chain from another CA under the Apple root', async () => {
    const forged = await attest(other);
    const input = { ...syntheticInput(forged), rootCertificate: undefined };
    expectAttestationError(() => verifyAppAttestAttestation(input), 'UNTRUSTED_ROOT');
  });

  it('refuses a real attestation when another root is configured', () => {
    const input = realInput({ rootCertificate: new Uint8Array(authority.root.rawData) });
    expectAttestationError(() => verifyAppAttestAttestation(input), 'UNTRUSTED_ROOT');
  });

  it('refuses a credential certificate issued by a different intermediate than x5c[1]', async () => {
    const forged = await attest(other);
    const attestationObject = encodeAttestation(
      'apple-appattest',
      [forged.x5c[0]!, new Uint8Array(authority.intermediate.rawData)],
      forged.authData,
    );
    const input = {
      ...syntheticInput(forged),
      attestationObject,
      rootCertificate: new Uint8Array(authority.root.rawData),
    };
    expectAttestationError(
      () => verifyAppAttestAttestation(input),
      'CERTIFICATE_SIGNATURE_INVALID',
    );
  });
});

describe('App Attest attestation: authenticator data', () => {
  it('accepts a well-formed attestation from the test authority (baseline)', async () => {
    const attestation = await attest(authority);
    const result = verifyAppAttestAttestation(syntheticInput(attestation));
    expect(result.environment).toBe('development');
    expect(result.publicKey.equals(attestation.publicKey)).toBe(true);
    expect(result.extensions).toBeUndefined();
  });

  it('refuses a key id that is not the hash of the credential key', async () => {
    const attestation = await attest(authority);
    const keyId = new Uint8Array(attestation.keyId);
    keyId[0] = keyId[0]! ^ 0xff;
    expectAttestationError(
      () => verifyAppAttestAttestation({ ...syntheticInput(attestation), keyId }),
      'KEY_ID_MISMATCH',
    );
  });

  it('refuses a credential id that differs from the key id', async () => {
    const attestation = await attest(authority, { credentialId: new Uint8Array(32).fill(7) });
    expectAttestationError(
      () => verifyAppAttestAttestation(syntheticInput(attestation)),
      'CREDENTIAL_ID_MISMATCH',
    );
  });

  it('refuses a COSE key that differs from the certified key', async () => {
    const decoy = await attest(authority);
    const point = new Uint8Array(
      decoy.publicKey.export({ format: 'der', type: 'spki' }).subarray(-65),
    );
    const attestation = await attest(authority, { cosePoint: point });
    expectAttestationError(
      () => verifyAppAttestAttestation(syntheticInput(attestation)),
      'KEY_ID_MISMATCH',
    );
  });

  it('refuses a non-zero counter', async () => {
    const attestation = await attest(authority, { counter: 1 });
    expectAttestationError(
      () => verifyAppAttestAttestation(syntheticInput(attestation)),
      'COUNTER_INVALID',
    );
  });

  it('refuses an aaguid that names no App Attest environment', async () => {
    const attestation = await attest(authority, { aaguid: 'appattestdevelo' });
    expectAttestationError(
      () => verifyAppAttestAttestation(syntheticInput(attestation)),
      'ENVIRONMENT_MISMATCH',
    );
  });

  it('refuses a wrong app id', async () => {
    const attestation = await attest(authority, { appId: 'ABCDE12345.com.example.clone' });
    const input = { ...syntheticInput(attestation), appId: 'ABCDE12345.com.example.tessera' };
    expectAttestationError(() => verifyAppAttestAttestation(input), 'APP_ID_MISMATCH');
  });

  it('reads the extension map after the COSE key', async () => {
    const tail = new Uint8Array(
      cbor.encode(
        new Map<string, unknown>([
          ['apple_bundle_version_01', '42'],
          ['apple_validation_category_01', Buffer.from([2, 1, 0, 0])],
        ]),
      ),
    );
    const attestation = await attest(authority, { tail });
    const result = verifyAppAttestAttestation(syntheticInput(attestation));
    expect(result.extensions).toEqual({ bundleVersion: '42', validationCategory: 258 });
  });

  it.each([
    ['ED flag without an extension map', { flags: 0xc0 }],
    [
      'a validation category that is not 4 bytes',
      {
        tail: new Uint8Array(
          cbor.encode(new Map([['apple_validation_category_01', Buffer.from([1])]])),
        ),
      },
    ],
    [
      'a bundle version that is not text',
      { tail: new Uint8Array(cbor.encode(new Map([['apple_bundle_version_01', 1314]]))) },
    ],
    [
      'an extension map with a non-text key',
      { tail: new Uint8Array(cbor.encode(new Map([[1, 'x']]))) },
    ],
    [
      'two extension maps',
      {
        tail: new Uint8Array([
          ...cbor.encode(new Map([['a', 1]])),
          ...cbor.encode(new Map([['b', 1]])),
        ]),
      },
    ],
    ['garbage after the COSE key', { tail: new Uint8Array([0xff, 0xff]) }],
    ['no attested credential data flag', { flags: 0x00 }],
  ])('refuses %s', async (_label, options) => {
    const attestation = await attest(authority, options);
    expectAttestationError(
      () => verifyAppAttestAttestation(syntheticInput(attestation)),
      'MALFORMED_EVIDENCE',
    );
  });

  it('refuses an extension map with too many entries', async () => {
    const tail = new Uint8Array(
      cbor.encode(new Map(Array.from({ length: 17 }, (_, i) => [`k${i}`, i]))),
    );
    const attestation = await attest(authority, { tail });
    expectAttestationError(
      () => verifyAppAttestAttestation(syntheticInput(attestation)),
      'EVIDENCE_TOO_LARGE',
    );
  });

  it('refuses a credential certificate outside its validity window', async () => {
    const attestation = await attest(authority);
    const now = new Date('2030-01-05T00:00:00Z');
    expectAttestationError(
      () => verifyAppAttestAttestation({ ...syntheticInput(attestation), now }),
      'CERTIFICATE_EXPIRED',
    );
  });
});

describe('App Attest attestation: caller misuse', () => {
  it.each([
    ['an invalid now', { now: new Date('not a date') }],
    ['a string attestation', { attestationObject: 'o2Nm' as unknown as Uint8Array }],
    ['an unknown environment', { environment: 'staging' as 'production' }],
    ['an app id without a team', { appId: 'com.example' }],
  ])('throws TypeError for %s', (_label, overrides) => {
    expect(() => verifyAppAttestAttestation(realInput(overrides))).toThrow(TypeError);
  });
});
