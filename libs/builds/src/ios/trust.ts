import { X509Certificate } from 'node:crypto';

import { BuildError } from '../errors.js';
import { parseCertificate, type Certificate } from '../crypto/certificate.js';
import { APPLE_ROOT_CA_DER } from './apple-root.js';

/** SHA-256 of the Apple Root CA certificate that anchors code signing and profile signing. */
export const APPLE_ROOT_CA_SHA256 =
  'b0b1730ecbc7ff4505142c49f1295e6eda6bcaed7e2c68c5be91b5a11001f024';
const MAX_CHAIN = 5;
const APPLE_ROOT = parseCertificate(APPLE_ROOT_CA_DER, 'Apple Root CA');

/**
 * Builds the chain from `leaf` through the certificates carried with it to the pinned Apple
 * root, checking each signature and that every certificate was valid at `at`.
 */
export function verifyAppleChain(
  leaf: Certificate,
  carried: readonly Certificate[],
  at: Date,
  what: string,
): Certificate[] {
  const pool = [...carried, APPLE_ROOT];
  const chain = [leaf];
  for (let current = leaf; current.sha256 !== APPLE_ROOT_CA_SHA256;) {
    if (chain.length > MAX_CHAIN) throw new BuildError('UNTRUSTED_ROOT', `${what}: chain too long`);
    const subject = new X509Certificate(current.der);
    const issuer = pool.find(
      (candidate) =>
        candidate.sha256 !== current.sha256 &&
        subject.checkIssued(new X509Certificate(candidate.der)),
    );
    if (issuer === undefined || !subject.verify(issuer.publicKey)) {
      throw new BuildError('UNTRUSTED_ROOT', `${what}: does not chain to the Apple Root CA`);
    }
    chain.push(issuer);
    current = issuer;
  }

  for (const certificate of chain) {
    if (at < certificate.notBefore || at > certificate.notAfter) {
      throw new BuildError(
        'CERTIFICATE_NOT_VALID_AT_SIGNING',
        `${what}: ${certificate.subject} not valid at signing time`,
      );
    }
  }
  return chain;
}
