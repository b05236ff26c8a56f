import { X509Certificate, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { isAttestationError, type AttestationErrorCode } from '../../src/errors.js';
import {
  matchAndroidApp,
  parseKeyDescription,
  verifyAndroidAttestationEvidence,
  type AndroidAttestationInput,
} from '../../src/android/index.js';
import { parseCertificate } from '../../src/android/certificate.js';
import { androidVector, hex, rootsFixture } from './fixtures.js';
import { concat, pemToDer, sequenceChildren, tlv } from './der-helpers.js';

const TEGU = androidVector('android-keyattestation_tegu_sdk37_TEE_MAX_USAGE_COUNT.json');

function teguInput(overrides: Partial<AndroidAttestationInput> = {}): AndroidAttestationInput {
  return {
    chain: TEGU.input.chainPem as string[],
    challenge: hex(TEGU.input.expectedChallengeHex as string),
    now: new Date(TEGU.input.verifyAt as string),
    ...overrides,
  };
}

function codeOf(run: () => unknown): AttestationErrorCode | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (isAttestationError(error)) return error.code;
    throw error;
  }
}

function verifyCode(
  overrides: Partial<AndroidAttestationInput>,
): AttestationErrorCode | 'accepted' {
  return codeOf(() => verifyAndroidAttestationEvidence(teguInput(overrides)));
}

const leafDer = pemToDer((TEGU.input.chainPem as string[])[0] as string);
const [leafTbs, leafAlgorithm] = sequenceChildren(leafDer) as [Uint8Array, Uint8Array];
const rest = (TEGU.input.chainPem as string[]).slice(1);

describe('attacks on Android chains', () => {
  it('accepts the untouched chain (control)', () => {
    expect(verifyCode({})).toBe('accepted');
  });

  it('refuses truncated DER', () => {
    expect(verifyCode({ chain: [leafDer.subarray(0, leafDer.length - 10), ...rest] })).toBe(
      'MALFORMED_EVIDENCE',
    );
  });

  it.each([
    ['not PEM at all', 'hello'],
    ['bad base64', '-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----'],
    ['a key instead', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'],
    ['valid base64 of garbage', '-----BEGIN CERTIFICATE-----\nAAECAwQF\n-----END CERTIFICATE-----'],
  ])('refuses garbage PEM: %s', (_name, pem) => {
    expect(verifyCode({ chain: [pem, ...rest] })).toBe('MALFORMED_EVIDENCE');
  });

  it('refuses a chain of 50 certificates before parsing them', () => {
    expect(verifyCode({ chain: Array.from({ length: 50 }, () => leafDer) })).toBe('CHAIN_TOO_LONG');
  });

  it('refuses an empty chain', () => {
    expect(verifyCode({ chain: [] })).toBe('CHAIN_EMPTY');
  });

  it('refuses the leaf re-signed by an unrelated key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signature = sign('sha256', leafTbs, { key: privateKey, dsaEncoding: 'der' });
    const forged = tlv(
      [0x30],
      concat(leafTbs, leafAlgorithm, tlv([0x03], concat(new Uint8Array([0]), signature))),
    );

    expect(verifyCode({ chain: [forged, ...rest] })).toBe('CERTIFICATE_SIGNATURE_INVALID');
  });

  it('refuses a chain ending at the Android software root', () => {
    const marlin = androidVector('android-keyattestation_marlin_sdk29_TEE_EC_NONE.json');
    const input = {
      chain: marlin.input.chainPem as string[],
      challenge: hex(marlin.input.expectedChallengeHex as string),
      now: new Date(marlin.input.verifyAt as string),
    };
    expect(codeOf(() => verifyAndroidAttestationEvidence(input))).toBe('UNTRUSTED_ROOT');
  });

  it('refuses to trust a software root even when a caller passes it in', () => {
    const roots = rootsFixture<{ certificates: { pem: string }[] }>(
      'android-software-attestation-roots-DO-NOT-TRUST.json',
    );
    for (const root of roots.certificates) {
      const trustedRootKeys = [createPublicKey(root.pem)];
      expect(() => verifyAndroidAttestationEvidence(teguInput({ trustedRootKeys }))).toThrow(
        TypeError,
      );
    }
  });

  it('refuses a challenge mismatch', () => {
    expect(verifyCode({ challenge: new Uint8Array(36) })).toBe('CHALLENGE_MISMATCH');
  });

  it('refuses a chain that only verifies under an unpinned test root', () => {
    const synthetic = androidVector(
      'android-keyattestation_p256_sha384_intermediate_SYNTHETIC.json',
    );
    const input = {
      chain: synthetic.input.chainPem as string[],
      challenge: new Uint8Array([1]),
      now: new Date(synthetic.input.verifyAt as string),
    };
    const testRoot = (synthetic.input.chainPem as string[])[2] as string;
    const trustedRootKeys = [new X509Certificate(testRoot).publicKey];

    expect(codeOf(() => verifyAndroidAttestationEvidence(input))).toBe('UNTRUSTED_ROOT');
    // With its own root trusted, the P-256/SHA-384 signatures verify; the dummy extension does not parse.
    expect(codeOf(() => verifyAndroidAttestationEvidence({ ...input, trustedRootKeys }))).toBe(
      'MALFORMED_EVIDENCE',
    );
  });
});

describe('app matching against a real attestation', () => {
  const evidence = verifyAndroidAttestationEvidence(teguInput());
  const approved = {
    packageName: 'com.google.android.attestation',
    signingCertificateDigests: TEGU.input.expectedSigningCertDigestsHex as string[],
  };

  it('accepts the approved package and signer', () => {
    expect(codeOf(() => matchAndroidApp(evidence, approved))).toBe('accepted');
  });

  it('refuses a wrong package', () => {
    const wrong = { ...approved, packageName: 'com.example.clone' };
    expect(codeOf(() => matchAndroidApp(evidence, wrong))).toBe('APP_NOT_APPROVED');
  });

  it('refuses a wrong signing certificate digest', () => {
    const wrong = { ...approved, signingCertificateDigests: ['00'.repeat(32)] };
    expect(codeOf(() => matchAndroidApp(evidence, wrong))).toBe('SIGNING_CERTIFICATE_MISMATCH');
  });

  it('refuses a version below the minimum', () => {
    expect(codeOf(() => matchAndroidApp(evidence, { ...approved, minVersionCode: 2 }))).toBe(
      'APP_VERSION_TOO_OLD',
    );
  });

  it('treats malformed approval data as misuse', () => {
    const bad = { ...approved, signingCertificateDigests: ['ABC'] };
    expect(() => matchAndroidApp(evidence, bad)).toThrow(TypeError);
  });
});

describe('KeyDescription tags', () => {
  const extension = parseCertificate(leafDer, 0).extensions.get('1.3.6.1.4.1.11129.2.1.17');
  const fields = sequenceChildren(extension as Uint8Array);
  const hardware = fields[7] as Uint8Array;
  const hardwareEntries = sequenceChildren(hardware);

  function withHardwareEntries(entries: Uint8Array[]): Uint8Array {
    return tlv([0x30], concat(...fields.slice(0, 7), tlv([0x30], concat(...entries))));
  }

  it('decodes every tag of a version 500 leaf, including usageCountLimit and moduleHash', () => {
    const description = parseKeyDescription(extension as Uint8Array);
    expect(description.softwareEnforced.usageCountLimit).toBe(42);
    expect(description.softwareEnforced.moduleHash?.length).toBe(32);
    expect(description.hardwareEnforced.attestationIdModel).toEqual(Buffer.from('Pixel 9a'));
  });

  it('refuses an unknown KeyMint tag with UNKNOWN_KEYMINT_TAG', () => {
    // [999] EXPLICIT NULL: identifier bytes bf 87 67.
    const unknown = tlv([0xbf, 0x87, 0x67], new Uint8Array([0x05, 0x00]));
    const bytes = withHardwareEntries([...hardwareEntries, unknown]);
    expect(codeOf(() => parseKeyDescription(bytes))).toBe('UNKNOWN_KEYMINT_TAG');
  });

  it('refuses a repeated tag', () => {
    const bytes = withHardwareEntries([...hardwareEntries, hardwareEntries[0] as Uint8Array]);
    expect(codeOf(() => parseKeyDescription(bytes))).toBe('MALFORMED_EVIDENCE');
  });

  it('parses tags out of ascending order and reports it', () => {
    const bytes = withHardwareEntries([...hardwareEntries].reverse());
    expect(parseKeyDescription(bytes).tagsInAscendingOrder).toBe(false);
  });
});
