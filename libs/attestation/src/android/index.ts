export { verifyAndroidAttestationEvidence, verifyAndroidKeyAttestation } from './verify.js';
export { matchAndroidApp, type ApprovedAndroidApp } from './match-app.js';
export {
  parseRevocationStatusList,
  type RevocationEntry,
  type RevocationStatus,
  type RevocationStatusList,
} from './revocation.js';
export {
  DEFAULT_ANDROID_POLICY,
  type AndroidAttestationPolicy,
  type HardwareSecurityLevel,
} from './policy.js';
export { GOOGLE_HARDWARE_ROOT_KEYS } from './google-roots.js';
export { MAX_CHAIN_LENGTH } from './chain.js';
export {
  ATTESTATION_EXTENSION_OID,
  parseKeyDescription,
  type KeyDescription,
  type SecurityLevel,
} from './key-description.js';
export type { AuthorizationList } from './authorization-list.js';
export type { AttestationApplicationId, RootOfTrust, VerifiedBootState } from './structures.js';
export type { Provisioning } from './provisioning.js';
export type {
  AndroidAttestation,
  AndroidAttestationEvidence,
  AndroidAttestationInput,
} from './types.js';
