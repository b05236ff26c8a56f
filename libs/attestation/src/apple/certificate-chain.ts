import { AttestationError } from '../errors.js';
import {
  checkSignatureAlgorithm,
  checkValidity,
  parseCertificate,
  type ParsedCertificate,
} from './certificate.js';
import { MAX_X5C_CERTIFICATES } from './limits.js';

/**
 * Apple's validation step 1: x5c is [credential certificate, intermediate]; the intermediate
 * is signed by the trusted root; every certificate, root included, is valid at `now`.
 * Returns the credential certificate.
 */
export function verifyCredentialChain(
  x5c: readonly Uint8Array[],
  root: ParsedCertificate,
  now: Date,
): ParsedCertificate {
  if (x5c.length === 0) {
    throw new AttestationError(
      'CHAIN_EMPTY',
      'attStmt.x5c: expected the credential and intermediate certificates',
    );
  }
  if (x5c.length > MAX_X5C_CERTIFICATES) {
    throw new AttestationError(
      'CHAIN_TOO_LONG',
      `attStmt.x5c: expected ${MAX_X5C_CERTIFICATES} certificates`,
    );
  }
  if (x5c.length < MAX_X5C_CERTIFICATES) {
    throw new AttestationError(
      'UNTRUSTED_ROOT',
      'attStmt.x5c: expected an intermediate after the credential certificate',
    );
  }

  const [leaf, intermediate] = x5c.map((der, i) => parseCertificate(der, `attStmt.x5c[${i}]`)) as [
    ParsedCertificate,
    ParsedCertificate,
  ];

  checkSignatureAlgorithm(leaf, 'attStmt.x5c[0]');
  checkSignatureAlgorithm(intermediate, 'attStmt.x5c[1]');

  if (!intermediate.x509.ca) {
    throw new AttestationError(
      'CERTIFICATE_SIGNATURE_INVALID',
      'attStmt.x5c[1]: expected a CA certificate',
    );
  }

  if (!isSignedBy(intermediate, root)) {
    throw new AttestationError(
      'UNTRUSTED_ROOT',
      'attStmt.x5c[1]: expected a signature by the App Attest root',
    );
  }

  if (!isSignedBy(leaf, intermediate)) {
    throw new AttestationError(
      'CERTIFICATE_SIGNATURE_INVALID',
      'attStmt.x5c[0]: expected a signature by x5c[1]',
    );
  }

  checkValidity(root, now, 'root certificate');
  checkValidity(intermediate, now, 'attStmt.x5c[1]');
  checkValidity(leaf, now, 'attStmt.x5c[0]');

  return leaf;
}

/** A key that cannot verify this signature at all (wrong type or curve) counts as a failure. */
function isSignedBy(subject: ParsedCertificate, issuer: ParsedCertificate): boolean {
  try {
    return subject.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}
