import { createPublicKey } from 'node:crypto';
import { isAttestationError, type AttestationErrorCode } from '../../src/errors.js';
import {
  matchAndroidApp,
  verifyAndroidAttestationEvidence,
  verifyAndroidKeyAttestation,
  type AndroidAttestationInput,
} from '../../src/android/index.js';
import { androidVectors, hex, type AndroidVector } from './fixtures.js';

/** Why each rejected chain vector must fail, as a code. */
const REJECTION_CODES: Record<string, AttestationErrorCode> = {
  'android-keyattestation_allow_while_on_body_leaf.json': 'UNTRUSTED_ROOT',
  'android-keyattestation_cli_pixel10profold_single_strongbox_leaf.json': 'UNTRUSTED_ROOT',
  'android-keyattestation_cli_two_cert_strongbox_intermediates.json':
    'ATTESTATION_EXTENSION_MISSING',
  'android-keyattestation_marlin_sdk29_TEE_EC_NONE.json': 'UNTRUSTED_ROOT',
  'android-keyattestation_marlin_sdk29_TEE_RSA_NONE.json': 'UNTRUSTED_ROOT',
  'android-keyattestation_p256_sha384_intermediate_SYNTHETIC.json': 'UNTRUSTED_ROOT',
  'android-keyattestation_tags_not_in_ascending_order.json': 'CERTIFICATE_SIGNATURE_INVALID',
  'google-android-key-attestation_2019_algorithm_EC_SecurityLevel_StrongBox.json': 'UNTRUSTED_ROOT',
  'google-android-key-attestation_2019_algorithm_RSA_SecurityLevel_StrongBox.json':
    'UNTRUSTED_ROOT',
  'google-android-key-attestation_pixel7pro_fake_cert_chain_with_attest_keys.json':
    'UNEXPECTED_ATTESTATION_EXTENSION',
};

const ML_DSA_LEAVES = new Set([
  'android-keyattestation_tokay_sdk37_TEE_MLDSA_FACTORY.json',
  'android-keyattestation_tokay_sdk37_TEE_MLDSA_RKP.json',
]);

function inputOf(
  vector: AndroidVector,
  change: Record<string, unknown> = {},
): AndroidAttestationInput {
  const chain = [...(vector.input.chainPem ?? [])];
  if (change['dropLastCertificate'] === true) chain.pop();
  const challengeHex =
    (change['expectedChallengeHex'] as string | undefined) ?? vector.input.expectedChallengeHex;
  const verifyAt = (change['verifyAt'] as string | undefined) ?? vector.input.verifyAt;
  return {
    chain,
    challenge: challengeHex ? hex(challengeHex) : new Uint8Array([0]),
    now: new Date(verifyAt ?? '2026-01-01T00:00:00Z'),
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

const chainVectors = androidVectors().filter((v) => v.input.chainPem !== undefined);
const accepted = chainVectors.filter((v) => v.expect.verdictUnderDefaultPolicy === 'accept');
const rejected = chainVectors.filter((v) => v.expect.verdictUnderDefaultPolicy === 'reject');

describe('Android vectors under the default policy', () => {
  it('covers every chain vector with an expected verdict', () => {
    expect(accepted.length + rejected.length).toBe(chainVectors.length);
    for (const vector of rejected) expect(REJECTION_CODES[vector.file]).toBeDefined();
  });

  describe.each(accepted.map((v) => [v.file, v] as const))('%s', (_file, vector) => {
    it('is accepted with the facts the vector reports', () => {
      const evidence = verifyAndroidAttestationEvidence(inputOf(vector));
      const expected = vector.expect;

      expect(evidence.attestationSecurityLevel).toBe(expected['attestationSecurityLevel']);
      expect(Buffer.from(evidence.challenge).toString('hex')).toBe(
        vector.input.expectedChallengeHex,
      );
      if ('deviceLocked' in expected) {
        expect(evidence.rootOfTrust.deviceLocked).toBe(expected['deviceLocked']);
      }
      if ('verifiedBootState' in expected) {
        expect(evidence.rootOfTrust.verifiedBootState).toBe(expected['verifiedBootState']);
      }
      if ('attestationVersion' in expected) {
        expect(evidence.attestationVersion).toBe(expected['attestationVersion']);
      }
      if ('keymintVersion' in expected) {
        expect(evidence.keymintVersion).toBe(expected['keymintVersion']);
      }
      if ('purposeOfEvaluatedKey' in expected) {
        expect(evidence.purposes).toEqual(expected['purposeOfEvaluatedKey']);
      }
    });

    it('classifies the provisioning family as the vector describes', () => {
      const evidence = verifyAndroidAttestationEvidence(inputOf(vector));
      if (vector.description.includes('factory')) expect(evidence.provisioning).toBe('factory');
      if (/RKP|remotely provisioned/.test(vector.description)) {
        expect(evidence.provisioning).toBe('rkp');
      }
    });

    it('yields a usable proof-of-possession key unless the leaf is ML-DSA', () => {
      const code = codeOf(() => verifyAndroidKeyAttestation(inputOf(vector)));
      if (ML_DSA_LEAVES.has(vector.file)) {
        expect(code).toBe('UNSUPPORTED_ATTESTED_KEY');
        return;
      }
      const attestation = verifyAndroidKeyAttestation(inputOf(vector));
      expect(['ec', 'rsa']).toContain(attestation.publicKey.asymmetricKeyType);
      expect(
        createPublicKey({ key: attestation.publicKeyJwk, format: 'jwk' }).equals(
          attestation.publicKey,
        ),
      ).toBe(true);
    });

    it('matches the approved app it names', () => {
      const packages = vector.input.expectedPackageNames;
      const digests = vector.input.expectedSigningCertDigestsHex;
      if (!packages?.[0] || !digests) return;
      const evidence = verifyAndroidAttestationEvidence(inputOf(vector));
      const approved = { packageName: packages[0], signingCertificateDigests: digests };
      // "AndroidSystem" keys attest no signing certificate: nothing to approve them by.
      const expected = digests.length === 0 ? 'SIGNING_CERTIFICATE_MISMATCH' : 'accepted';
      expect(codeOf(() => matchAndroidApp(evidence, approved))).toBe(expected);
    });
  });

  it.each(rejected.map((v) => [v.file, v] as const))(
    '%s is rejected with its code',
    (file, vector) => {
      expect(codeOf(() => verifyAndroidAttestationEvidence(inputOf(vector)))).toBe(
        REJECTION_CODES[file],
      );
    },
  );
});

const negativeCases = chainVectors.flatMap((vector) =>
  (vector.negativeCases ?? []).map(
    (negative, i) => [`${vector.file} #${i}`, vector, negative] as const,
  ),
);

describe('Android vector negative cases', () => {
  it.each(negativeCases)('%s', (_name, vector, negative) => {
    const { change } = negative;
    const input = inputOf(vector, change);

    if ('expectedChallengeHex' in change) {
      expect(codeOf(() => verifyAndroidAttestationEvidence(input))).toBe('CHALLENGE_MISMATCH');
    } else if ('expectedPackageNames' in change) {
      const evidence = verifyAndroidAttestationEvidence(input);
      const approved = {
        packageName: (change['expectedPackageNames'] as string[])[0] as string,
        signingCertificateDigests: vector.input.expectedSigningCertDigestsHex ?? [],
      };
      expect(codeOf(() => matchAndroidApp(evidence, approved))).toBe('APP_NOT_APPROVED');
    } else if ('dropLastCertificate' in change) {
      // Every vector's second-to-last certificate is signed by a pinned Google key.
      expect(codeOf(() => verifyAndroidAttestationEvidence(input))).toBe('accepted');
    } else if (negative.expect.startsWith('reject: RKP intermediate expired')) {
      expect(codeOf(() => verifyAndroidAttestationEvidence(input))).toBe('CERTIFICATE_EXPIRED');
    } else if (negative.expect.startsWith('Google verifier: accept')) {
      expect(codeOf(() => verifyAndroidAttestationEvidence(input))).toBe('accepted');
      const strict = { ...input, policy: { enforceFactoryCertificateValidity: true } };
      const batchCerts = (vector.facts?.chain ?? []).slice(1, -1);
      const expired = batchCerts.some((cert) => cert.notAfter < (change['verifyAt'] as string));
      expect(codeOf(() => verifyAndroidAttestationEvidence(strict))).toBe(
        expired ? 'CERTIFICATE_EXPIRED' : 'accepted',
      );
    } else {
      throw new Error(`negative case not understood: ${negative.expect}`);
    }
  });
});
