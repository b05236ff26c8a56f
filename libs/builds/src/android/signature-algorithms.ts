import { constants, verify, type KeyObject } from 'node:crypto';

/** How the APK's contents are digested for a given signature algorithm. */
export type ContentDigestKind = 'chunked-sha256' | 'chunked-sha512' | 'verity-sha256';

export interface SignatureAlgorithm {
  readonly id: number;
  readonly keyType: 'rsa' | 'ec' | 'dsa';
  readonly hash: 'sha256' | 'sha512';
  readonly contentDigest: ContentDigestKind;
  readonly pssSaltLength?: number;
}

// Signature algorithm ids of APK Signature Scheme v2 and later.
const ALGORITHMS: readonly SignatureAlgorithm[] = [
  {
    id: 0x0101,
    keyType: 'rsa',
    hash: 'sha256',
    contentDigest: 'chunked-sha256',
    pssSaltLength: 32,
  },
  {
    id: 0x0102,
    keyType: 'rsa',
    hash: 'sha512',
    contentDigest: 'chunked-sha512',
    pssSaltLength: 64,
  },
  { id: 0x0103, keyType: 'rsa', hash: 'sha256', contentDigest: 'chunked-sha256' },
  { id: 0x0104, keyType: 'rsa', hash: 'sha512', contentDigest: 'chunked-sha512' },
  { id: 0x0201, keyType: 'ec', hash: 'sha256', contentDigest: 'chunked-sha256' },
  { id: 0x0202, keyType: 'ec', hash: 'sha512', contentDigest: 'chunked-sha512' },
  { id: 0x0301, keyType: 'dsa', hash: 'sha256', contentDigest: 'chunked-sha256' },
  { id: 0x0421, keyType: 'rsa', hash: 'sha256', contentDigest: 'verity-sha256' },
  { id: 0x0423, keyType: 'ec', hash: 'sha256', contentDigest: 'verity-sha256' },
  { id: 0x0425, keyType: 'dsa', hash: 'sha256', contentDigest: 'verity-sha256' },
];

export function signatureAlgorithm(id: number): SignatureAlgorithm | undefined {
  return ALGORITHMS.find((algorithm) => algorithm.id === id);
}

/** True when `signature` by `key` over `data` verifies; false for a key of the wrong type. */
export function verifySignature(
  algorithm: SignatureAlgorithm,
  key: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (key.asymmetricKeyType !== algorithm.keyType) return false;
  const padding =
    algorithm.pssSaltLength === undefined
      ? {}
      : { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: algorithm.pssSaltLength };
  try {
    return verify(algorithm.hash, data, { key, ...padding }, signature);
  } catch {
    // A signature that cannot even be decoded (bad DER for ECDSA) does not verify.
    return false;
  }
}
