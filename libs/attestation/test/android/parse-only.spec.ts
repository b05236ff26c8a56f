import { isAttestationError } from '../../src/errors.js';
import {
  ATTESTATION_EXTENSION_OID,
  DEFAULT_ANDROID_POLICY,
  parseKeyDescription,
  verifyAndroidAttestationEvidence,
} from '../../src/android/index.js';
import { parseCertificate } from '../../src/android/certificate.js';
import { checkSecurityLevel } from '../../src/android/checks.js';
import { androidVector, androidVectors } from './fixtures.js';
import { pemToDer } from './der-helpers.js';

const parseOnly = androidVectors().filter((v) => v.kind === 'android-key-leaf-parse-only');

function leafOf(file: string) {
  const vector = androidVector(file);
  const pem = vector.input.leafPem ?? (vector.input.chainPem as string[])[0];
  return { vector, pem: pem as string, der: pemToDer(pem as string) };
}

describe('parse-only Android leaves', () => {
  it('covers the four parse-only vectors', () => {
    expect(parseOnly).toHaveLength(4);
  });

  it.each(parseOnly.map((v) => [v.file] as const))('%s parses and is rejected', (file) => {
    const { vector, pem, der } = leafOf(file);
    const extension = parseCertificate(der, 0).extensions.get(ATTESTATION_EXTENSION_OID);
    const description = parseKeyDescription(extension as Uint8Array);

    expect(vector.expect['keyDescriptionParses']).toBe(true);
    if ('attestationSecurityLevel' in vector.expect) {
      expect(description.attestationSecurityLevel).toBe(vector.expect['attestationSecurityLevel']);
    }

    // Policy verdict: a lone leaf cannot chain to a Google root.
    const input = { chain: [pem], challenge: description.attestationChallenge, now: new Date() };
    let code: string | undefined;
    try {
      verifyAndroidAttestationEvidence(input);
    } catch (error) {
      if (isAttestationError(error)) code = error.code;
    }
    expect(code).toBe('UNTRUSTED_ROOT');
  });

  it('decodes allowWhileOnBody (tag 506)', () => {
    const { der } = leafOf('android-keyattestation_allow_while_on_body_leaf.json');
    const extension = parseCertificate(der, 0).extensions.get(ATTESTATION_EXTENSION_OID);
    const description = parseKeyDescription(extension as Uint8Array);
    expect(
      description.hardwareEnforced.allowWhileOnBody ??
        description.softwareEnforced.allowWhileOnBody,
    ).toBe(true);
  });

  it('refuses the emulator leaf for its Software security level', () => {
    const { der } = leafOf('nl-wallet_emulator-cert.json');
    const extension = parseCertificate(der, 0).extensions.get(ATTESTATION_EXTENSION_OID);
    const description = parseKeyDescription(extension as Uint8Array);
    let code: string | undefined;
    try {
      checkSecurityLevel(description, DEFAULT_ANDROID_POLICY, 'chain[0]');
    } catch (error) {
      if (isAttestationError(error)) code = error.code;
    }
    expect(code).toBe('SECURITY_LEVEL_INSUFFICIENT');
  });

  it('accepts the nl-wallet TEE leaf on top of the 2019 TEE chain it was signed under', () => {
    const { pem } = leafOf('nl-wallet_tee-cert.json');
    const chain = androidVector(
      'google-android-key-attestation_2019_algorithm_EC_SecurityLevel_TEE.json',
    );
    const description = parseKeyDescription(
      parseCertificate(pemToDer(pem), 0).extensions.get(ATTESTATION_EXTENSION_OID) as Uint8Array,
    );
    const input = {
      chain: [pem, ...(chain.input.chainPem as string[]).slice(1)],
      challenge: description.attestationChallenge,
      now: new Date(chain.input.verifyAt as string),
    };
    expect(verifyAndroidAttestationEvidence(input).provisioning).toBe('factory');
  });

  it('reads the malformed deviceLocked BOOLEAN (0x01) as true', () => {
    const { der } = leafOf('android-keyattestation_malformed_rot_device_locked.json');
    const extension = parseCertificate(der, 0).extensions.get(ATTESTATION_EXTENSION_OID);
    expect(
      parseKeyDescription(extension as Uint8Array).hardwareEnforced.rootOfTrust?.deviceLocked,
    ).toBe(true);
  });
});
