import { AttestationError } from '../errors.js';
import type { AndroidAttestationEvidence } from './types.js';

export interface ApprovedAndroidApp {
  readonly packageName: string;
  /** Lowercase hex SHA-256 digests of the approved signing certificates. */
  readonly signingCertificateDigests: readonly string[];
  readonly minVersionCode?: number;
}

const DIGEST_PATTERN = /^[0-9a-f]{64}$/;

function assertApproved(approved: ApprovedAndroidApp): void {
  if (typeof approved.packageName !== 'string' || approved.packageName.length === 0) {
    throw new TypeError('approved.packageName must be a non-empty string');
  }
  if (!approved.signingCertificateDigests.every((digest) => DIGEST_PATTERN.test(digest))) {
    throw new TypeError('approved.signingCertificateDigests must be lowercase hex SHA-256');
  }
  const min = approved.minVersionCode;
  if (min !== undefined && !(Number.isSafeInteger(min) && min >= 0)) {
    throw new TypeError('approved.minVersionCode must be a non-negative integer');
  }
}

/**
 * Checks that an attestation was made for an approved app: its package is among the attested
 * packages, every attested signing certificate is approved, and its version is recent enough.
 *
 * Every attested digest must be approved, not just one: Android lists all current signers
 * (after a key rotation, the current signer only), so an unapproved digest means a build that
 * was not reviewed. A rotated signing key is approved by registering the new build.
 */
export function matchAndroidApp(
  attestation: Pick<AndroidAttestationEvidence, 'application'>,
  approved: ApprovedAndroidApp,
): void {
  assertApproved(approved);
  const { packages, signatureDigests } = attestation.application;

  const attestedPackage = packages.find((p) => p.name === approved.packageName);
  if (!attestedPackage) {
    throw new AttestationError(
      'APP_NOT_APPROVED',
      `attestationApplicationId.packages: ${approved.packageName} is not among them`,
    );
  }

  const approvedDigests = new Set(approved.signingCertificateDigests);
  if (signatureDigests.length === 0 || !signatureDigests.every((d) => approvedDigests.has(d))) {
    throw new AttestationError(
      'SIGNING_CERTIFICATE_MISMATCH',
      'attestationApplicationId.signatureDigests: expected only approved signing certificates',
    );
  }

  if (approved.minVersionCode !== undefined && attestedPackage.version < approved.minVersionCode) {
    throw new AttestationError(
      'APP_VERSION_TOO_OLD',
      `attestationApplicationId version ${attestedPackage.version}, expected at least ${approved.minVersionCode}`,
    );
  }
}
