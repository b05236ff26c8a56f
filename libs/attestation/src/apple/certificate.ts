import { X509Certificate } from 'node:crypto';

import {
  ECParameters,
  id_ecdsaWithSHA256,
  id_ecdsaWithSHA384,
  id_ecPublicKey,
  id_secp256r1,
} from '@peculiar/asn1-ecc';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';

import { AttestationError } from '../errors.js';
import { MAX_CERTIFICATE_BYTES } from './limits.js';

/** One certificate, decoded twice: ASN.1 fields for reading, node:crypto for signatures. */
export interface ParsedCertificate {
  der: Uint8Array;
  asn: Certificate;
  x509: X509Certificate;
}

const SUPPORTED_SIGNATURES = new Set([id_ecdsaWithSHA256, id_ecdsaWithSHA384]);

export function parseCertificate(der: Uint8Array, field: string): ParsedCertificate {
  if (der.length > MAX_CERTIFICATE_BYTES) {
    throw new AttestationError(
      'EVIDENCE_TOO_LARGE',
      `${field}: expected at most ${MAX_CERTIFICATE_BYTES} bytes`,
    );
  }
  try {
    const asn = AsnConvert.parse(der, Certificate);
    const x509 = new X509Certificate(der);
    return { der, asn, x509 };
  } catch {
    throw new AttestationError('MALFORMED_EVIDENCE', `${field}: expected a DER X.509 certificate`);
  }
}

/** App Attest chains are signed with ECDSA over SHA-256 or SHA-384; nothing else is accepted. */
export function checkSignatureAlgorithm(certificate: ParsedCertificate, field: string): void {
  if (!SUPPORTED_SIGNATURES.has(certificate.asn.signatureAlgorithm.algorithm)) {
    throw new AttestationError(
      'UNSUPPORTED_SIGNATURE_ALGORITHM',
      `${field}: expected ecdsa-with-SHA256 or ecdsa-with-SHA384`,
    );
  }
}

/** notBefore <= now <= notAfter, with `now` supplied by the caller. */
export function checkValidity(certificate: ParsedCertificate, now: Date, field: string): void {
  const { notBefore, notAfter } = certificate.asn.tbsCertificate.validity;
  if (now.getTime() < notBefore.getTime().getTime()) {
    throw new AttestationError(
      'CERTIFICATE_NOT_YET_VALID',
      `${field}: not valid before ${notBefore.getTime().toISOString()}`,
    );
  }
  if (now.getTime() > notAfter.getTime().getTime()) {
    throw new AttestationError(
      'CERTIFICATE_EXPIRED',
      `${field}: expired at ${notAfter.getTime().toISOString()}`,
    );
  }
}

/** The uncompressed P-256 point of the subject key; any other key type is refused. */
export function p256PublicPoint(certificate: ParsedCertificate, field: string): Uint8Array {
  const spki = certificate.asn.tbsCertificate.subjectPublicKeyInfo;
  const parameters = spki.algorithm.parameters;
  const curve = parameters ? parseNamedCurve(parameters) : undefined;
  const point = new Uint8Array(spki.subjectPublicKey);
  if (
    spki.algorithm.algorithm !== id_ecPublicKey ||
    curve !== id_secp256r1 ||
    point.length !== 65 ||
    point[0] !== 0x04
  ) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      `${field}: expected an uncompressed P-256 public key`,
    );
  }
  return point;
}

function parseNamedCurve(parameters: ArrayBuffer): string | undefined {
  try {
    return AsnConvert.parse(parameters, ECParameters).namedCurve;
  } catch {
    return undefined;
  }
}

/** Parses a pinned certificate once; later calls share the parsed (read-only) result. */
export function pinnedCertificate(der: Uint8Array, name: string): () => ParsedCertificate {
  let parsed: ParsedCertificate | undefined;
  return () => (parsed ??= parseCertificate(der, name));
}
