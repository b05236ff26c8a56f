import { sign, verify } from 'node:crypto';
import { isAttestationError, type AttestationErrorCode } from '../../src/errors.js';
import {
  matchAndroidApp,
  verifyAndroidKeyAttestation,
  type AndroidAttestationInput,
} from '../../src/android/index.js';
import {
  createAndroidDevAttestation,
  createAndroidDevRoot,
  type AndroidDevAttestationOptions,
} from '../../testing/android-dev-device.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const root = createAndroidDevRoot(NOW);
const challenge = new Uint8Array(32).fill(5);
const digest = 'ab'.repeat(32);
const base: AndroidDevAttestationOptions = {
  challenge,
  packageName: 'com.example.approved',
  versionCode: 42,
  signatureDigests: [digest],
  now: NOW,
};

function input(
  options: Partial<AndroidDevAttestationOptions> = {},
  extra: Partial<AndroidAttestationInput> = {},
) {
  const dev = createAndroidDevAttestation(root, { ...base, ...options });
  return {
    dev,
    input: { chain: dev.chain, challenge, now: NOW, trustedRootKeys: [root.publicKey], ...extra },
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

describe('Android dev device', () => {
  it('verifies under its own root and yields the attested key', () => {
    const { dev, input: i } = input();
    const attestation = verifyAndroidKeyAttestation(i);

    expect(attestation.provisioning).toBe('rkp');
    expect(attestation.publicKeyJwk).toEqual(dev.publicJwk);
    expect(attestation.application.packages).toEqual([
      { name: 'com.example.approved', version: 42 },
    ]);
    expect(() =>
      matchAndroidApp(attestation, {
        packageName: 'com.example.approved',
        signingCertificateDigests: [digest],
      }),
    ).not.toThrow();

    const proof = Buffer.from('proof of possession');
    const signature = sign('sha256', proof, dev.privateKey);
    expect(verify('sha256', proof, attestation.publicKey, signature)).toBe(true);
  });

  it('fails with UNTRUSTED_ROOT under the default Google keys', () => {
    const { input: i } = input();
    const withDefaults = { ...i, trustedRootKeys: undefined };
    expect(codeOf(() => verifyAndroidKeyAttestation(withDefaults))).toBe('UNTRUSTED_ROOT');
  });

  it.each([
    [
      'Software security level',
      { securityLevel: 'Software' as const },
      {},
      'SECURITY_LEVEL_INSUFFICIENT',
    ],
    [
      'StrongBox when only TEE is allowed',
      { securityLevel: 'StrongBox' as const },
      { allowedSecurityLevels: ['TrustedEnvironment' as const] },
      'SECURITY_LEVEL_INSUFFICIENT',
    ],
    [
      'unlocked bootloader when a lock is required',
      { deviceLocked: false },
      { requireDeviceLocked: true },
      'DEVICE_NOT_LOCKED',
    ],
    [
      'Failed verified boot',
      { verifiedBootState: 'Failed' as const },
      {},
      'VERIFIED_BOOT_STATE_REJECTED',
    ],
    [
      'SelfSigned boot when only Verified is allowed',
      { verifiedBootState: 'SelfSigned' as const },
      { allowedVerifiedBootStates: ['Verified' as const] },
      'VERIFIED_BOOT_STATE_REJECTED',
    ],
    [
      'an old patch level',
      { osPatchLevel: 202301 },
      { minOsPatchLevel: 202501 },
      'PATCH_LEVEL_TOO_OLD',
    ],
  ])('refuses %s', (_name, options, policy, code) => {
    const { input: i } = input(options, { policy });
    expect(codeOf(() => verifyAndroidKeyAttestation(i))).toBe(code);
  });

  it('accepts an unlocked device under the default policy', () => {
    const { input: i } = input({ deviceLocked: false, verifiedBootState: 'Unverified' });
    expect(verifyAndroidKeyAttestation(i).rootOfTrust.deviceLocked).toBe(false);
  });

  it('enforces the batch certificate dates, since it is marked as RKP', () => {
    const { input: i } = input({}, { now: new Date('2026-08-01T00:00:00Z') });
    expect(codeOf(() => verifyAndroidKeyAttestation(i))).toBe('CERTIFICATE_EXPIRED');
  });

  it('verifies without the root certificate in the chain', () => {
    const { input: i } = input();
    expect(codeOf(() => verifyAndroidKeyAttestation({ ...i, chain: i.chain.slice(0, 2) }))).toBe(
      'accepted',
    );
  });

  it('treats a bad clock or challenge as misuse', () => {
    const { input: i } = input();
    expect(() => verifyAndroidKeyAttestation({ ...i, now: new Date(Number.NaN) })).toThrow(
      TypeError,
    );
    expect(() => verifyAndroidKeyAttestation({ ...i, challenge: new Uint8Array(0) })).toThrow(
      TypeError,
    );
  });
});
