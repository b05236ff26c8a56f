import type { VerifiedBootState } from './structures.js';

/** Security levels a policy may accept. Software attestation is never acceptable. */
export type HardwareSecurityLevel = 'TrustedEnvironment' | 'StrongBox';

export interface AndroidAttestationPolicy {
  /** Where the attested key must live. Default: TEE or StrongBox. */
  readonly allowedSecurityLevels: readonly HardwareSecurityLevel[];
  /** Refuse devices whose bootloader is unlocked. Default: false. */
  readonly requireDeviceLocked: boolean;
  /** Boot states accepted from RootOfTrust. Default: all but Failed. */
  readonly allowedVerifiedBootStates: readonly VerifiedBootState[];
  /** Oldest acceptable osPatchLevel, as YYYYMM. Default: none. */
  readonly minOsPatchLevel?: number;
  /** Also refuse expired factory keybox certificates. Default: false (as Google does). */
  readonly enforceFactoryCertificateValidity: boolean;
}

/**
 * The default policy is the one the reference vectors are judged by: Google root, valid
 * signatures, hardware security level, matching challenge, no revoked certificate. It does
 * not require a locked bootloader: many genuine devices (developer phones, test labs, some
 * OEM builds) run unlocked, and whether to accept them is a per-app decision. A boot state of
 * Failed is refused, since the device itself reports that verified boot failed.
 */
export const DEFAULT_ANDROID_POLICY: AndroidAttestationPolicy = Object.freeze({
  allowedSecurityLevels: Object.freeze(['TrustedEnvironment', 'StrongBox'] as const),
  requireDeviceLocked: false,
  allowedVerifiedBootStates: Object.freeze(['Verified', 'SelfSigned', 'Unverified'] as const),
  enforceFactoryCertificateValidity: false,
});

const SECURITY_LEVELS: readonly string[] = ['TrustedEnvironment', 'StrongBox'];
const BOOT_STATES: readonly string[] = ['Verified', 'SelfSigned', 'Unverified', 'Failed'];

function assertSubset(values: unknown, allowed: readonly string[], name: string): void {
  if (!Array.isArray(values) || !values.every((v) => allowed.includes(v as string))) {
    throw new TypeError(`policy.${name} must list only ${allowed.join(', ')}`);
  }
}

/** Merges caller overrides onto the default and checks the result (misuse is a TypeError). */
export function resolvePolicy(
  overrides: Partial<AndroidAttestationPolicy> = {},
): AndroidAttestationPolicy {
  const policy = { ...DEFAULT_ANDROID_POLICY, ...overrides };
  assertSubset(policy.allowedSecurityLevels, SECURITY_LEVELS, 'allowedSecurityLevels');
  assertSubset(policy.allowedVerifiedBootStates, BOOT_STATES, 'allowedVerifiedBootStates');
  if (typeof policy.requireDeviceLocked !== 'boolean') {
    throw new TypeError('policy.requireDeviceLocked must be a boolean');
  }
  if (typeof policy.enforceFactoryCertificateValidity !== 'boolean') {
    throw new TypeError('policy.enforceFactoryCertificateValidity must be a boolean');
  }
  const min = policy.minOsPatchLevel;
  if (min !== undefined && !(Number.isSafeInteger(min) && min >= 190001 && min <= 999912)) {
    throw new TypeError('policy.minOsPatchLevel must be a YYYYMM integer');
  }
  return policy;
}
