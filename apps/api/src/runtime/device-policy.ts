import {
  type AndroidAttestationPolicy,
  verifyAndroidAttestationEvidence,
} from '../../../../libs/attestation/src/android/index.js';
import {
  type AttestationErrorCode,
  isAttestationError,
} from '../../../../libs/attestation/src/errors.js';
import type { AppEntity } from '../registry/app.entity.js';

/** The refusals an app's device policy can add to the checks every app gets. */
const POLICY_CODES: ReadonlySet<AttestationErrorCode> = new Set([
  'SECURITY_LEVEL_INSUFFICIENT',
  'DEVICE_NOT_LOCKED',
  'VERIFIED_BOOT_STATE_REJECTED',
  'PATCH_LEVEL_TOO_OLD',
]);

export interface EvidenceUnderTest {
  readonly chain: readonly Uint8Array[];
  readonly challenge: Uint8Array;
  readonly now: Date;
  readonly trustedRootKeys: readonly import('node:crypto').KeyObject[];
}

/**
 * Applies the app's own Android device policy to evidence that already passed the default one.
 * Enforcing apps refuse with the policy's code; monitoring apps get the code back, to record
 * beside the installation, and are admitted. Nothing but a policy code is ever waived.
 */
export function checkAndroidDevicePolicy(
  app: AppEntity,
  evidence: EvidenceUnderTest,
): AttestationErrorCode | undefined {
  const policy: Partial<AndroidAttestationPolicy> = { ...app.androidPolicy };
  if (Object.keys(policy).length === 0) return undefined;
  try {
    verifyAndroidAttestationEvidence({ ...evidence, policy });
    return undefined;
  } catch (error) {
    if (!isAttestationError(error) || !POLICY_CODES.has(error.code)) throw error;
    if (app.policyEnforcement === 'enforce') throw error;
    return error.code;
  }
}
