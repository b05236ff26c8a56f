import { AttestationError } from '../errors.js';
import type { ParsedCertificate } from './certificate.js';

/** Extension Google's remote key provisioning (RKP) servers put on attestation certificates. */
export const PROVISIONING_INFO_OID = '1.3.6.1.4.1.11129.2.1.30';

/**
 * `factory`: a keybox injected at manufacture; its batch certificates are named by a
 * serialNumber attribute and live for decades. `rkp`: keys certified by Google's RKP servers
 * through short-lived "Droid CA" intermediates.
 */
export type Provisioning = 'rkp' | 'factory';

/**
 * Factory only when every intermediate looks like a keybox batch certificate (subject
 * serialNumber, no provisioning-info extension). Anything else, including a chain with no
 * intermediate at all, is treated as RKP, whose stricter validity rule then applies.
 */
export function classifyProvisioning(intermediates: readonly ParsedCertificate[]): Provisioning {
  const factory =
    intermediates.length > 0 &&
    intermediates.every(
      (cert) => cert.subjectHasSerialNumber && !cert.extensions.has(PROVISIONING_INFO_OID),
    );
  return factory ? 'factory' : 'rkp';
}

/**
 * Certificate validity, per family. RKP intermediates live days to weeks and are checked
 * against `now`. Factory keybox certificates are not, unless asked: Google's verifier ignores
 * their expiry because devices keep attesting with them for the device's whole life. Device
 * certificates (leaf, ATTEST_KEY) carry device-set dates and the root is trusted by its key,
 * so neither is checked.
 */
export function checkValidity(
  intermediates: readonly ParsedCertificate[],
  provisioning: Provisioning,
  now: Date,
  enforceFactoryValidity: boolean,
): void {
  if (provisioning === 'factory' && !enforceFactoryValidity) return;

  for (const cert of intermediates) {
    if (now.getTime() < cert.notBefore.getTime()) {
      throw new AttestationError(
        'CERTIFICATE_NOT_YET_VALID',
        `chain[${cert.index}]: not valid before ${cert.notBefore.toISOString()}`,
      );
    }
    if (now.getTime() > cert.notAfter.getTime()) {
      throw new AttestationError(
        'CERTIFICATE_EXPIRED',
        `chain[${cert.index}]: expired at ${cert.notAfter.toISOString()}`,
      );
    }
  }
}
