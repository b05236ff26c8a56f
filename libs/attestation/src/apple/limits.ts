/**
 * Bounds on untrusted App Attest input. Real attestation objects are about 5-6 KiB (two
 * certificates and a receipt of about 4 KiB); assertions are under 200 bytes.
 */
export const MAX_ATTESTATION_OBJECT_BYTES = 16 * 1024;
export const MAX_ASSERTION_BYTES = 1024;
export const MAX_CERTIFICATE_BYTES = 4096;
export const MAX_RECEIPT_BYTES = 8 * 1024;
export const MAX_AUTHENTICATOR_DATA_BYTES = 1024;
export const MAX_X5C_CERTIFICATES = 2;
export const MAX_EXTENSION_ENTRIES = 16;
export const MAX_APP_ID_LENGTH = 512;
export const MAX_CLIENT_DATA_HASH_BYTES = 1024;
