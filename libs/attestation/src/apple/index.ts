export { verifyAppAttestAttestation } from './attestation.js';
export { verifyAppAttestAssertion } from './assertion.js';
export { appAttestClientDataHash } from './client-data.js';
export { APPLE_APP_ATTESTATION_ROOT_CA_SHA256 } from './apple-root.js';
export type {
  AppAttestAssertion,
  AppAttestAssertionInput,
  AppAttestAttestation,
  AppAttestAttestationInput,
  AppAttestEnvironment,
  AppAttestExtensions,
} from './types.js';
export { parseAppAttestReceipt } from './receipt.js';
export type { AppAttestReceipt } from './receipt.js';
export { verifyAppAttestReceipt } from './receipt-signature.js';
export type { AppAttestReceiptInput } from './receipt-signature.js';
export { APPLE_ROOT_CA_G3_SHA256 } from './apple-receipt-root.js';
