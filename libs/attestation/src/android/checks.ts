import { timingSafeEqual } from 'node:crypto';
import { AttestationError } from '../errors.js';
import type { ParsedCertificate } from './certificate.js';
import type { KeyDescription } from './key-description.js';
import type { AndroidAttestationPolicy } from './policy.js';
import type { RevocationStatusList } from './revocation.js';
import type { RootOfTrust } from './structures.js';

/** No certificate of the chain may be listed, whether REVOKED or SUSPENDED. */
export function checkRevocation(
  certificates: readonly ParsedCertificate[],
  list: RevocationStatusList | undefined,
): void {
  if (!list) return;
  for (const cert of certificates) {
    const entry = list.lookup(cert.serialNumber);
    if (entry) {
      throw new AttestationError(
        'CERTIFICATE_REVOKED',
        `chain[${cert.index}]: serial ${cert.serialNumber.toString(16)} is ${entry.status}`,
      );
    }
  }
}

/** The attested challenge must equal ours, compared in constant time. */
export function checkChallenge(description: KeyDescription, expected: Uint8Array): void {
  const actual = description.attestationChallenge;
  const same = actual.length === expected.length && timingSafeEqual(actual, expected);
  if (!same) {
    throw new AttestationError(
      'CHALLENGE_MISMATCH',
      'KeyDescription.attestationChallenge: does not match the issued challenge',
    );
  }
}

/** Both the attestation and the key must live in an allowed secure environment. */
export function checkSecurityLevel(
  description: KeyDescription,
  policy: AndroidAttestationPolicy,
  field: string,
): void {
  const allowed: readonly string[] = policy.allowedSecurityLevels;
  for (const level of [description.attestationSecurityLevel, description.keymintSecurityLevel]) {
    if (!allowed.includes(level)) {
      throw new AttestationError(
        'SECURITY_LEVEL_INSUFFICIENT',
        `${field}: security level ${level}, expected one of ${allowed.join(', ')}`,
      );
    }
  }
}

/** Hardware attestations always carry a RootOfTrust in the hardware-enforced list. */
export function requireRootOfTrust(description: KeyDescription): RootOfTrust {
  const rootOfTrust = description.hardwareEnforced.rootOfTrust;
  if (!rootOfTrust) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      'KeyDescription.hardwareEnforced.rootOfTrust: missing',
    );
  }
  return rootOfTrust;
}

export function checkRootOfTrust(rootOfTrust: RootOfTrust, policy: AndroidAttestationPolicy): void {
  if (policy.requireDeviceLocked && !rootOfTrust.deviceLocked) {
    throw new AttestationError('DEVICE_NOT_LOCKED', 'rootOfTrust.deviceLocked: expected true');
  }

  if (!policy.allowedVerifiedBootStates.includes(rootOfTrust.verifiedBootState)) {
    throw new AttestationError(
      'VERIFIED_BOOT_STATE_REJECTED',
      `rootOfTrust.verifiedBootState: ${rootOfTrust.verifiedBootState} is not allowed`,
    );
  }
}

export function checkPatchLevel(
  description: KeyDescription,
  policy: AndroidAttestationPolicy,
): void {
  if (policy.minOsPatchLevel === undefined) return;
  const level = description.hardwareEnforced.osPatchLevel;
  if (level === undefined || level < policy.minOsPatchLevel) {
    throw new AttestationError(
      'PATCH_LEVEL_TOO_OLD',
      `osPatchLevel: ${level ?? 'absent'}, expected at least ${policy.minOsPatchLevel}`,
    );
  }
}
