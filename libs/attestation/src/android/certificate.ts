import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { AttestationError } from '../errors.js';
import {
  UNIVERSAL_NULL,
  UNIVERSAL_SEQUENCE,
  decodeBigInt,
  expectUniversal,
  readChildren,
  readSingle,
} from './der.js';

/** Largest certificate we read (ML-DSA-87 keys make the largest real ones, about 3 KiB). */
export const MAX_CERTIFICATE_BYTES = 16 * 1024;

const OID_SUBJECT_SERIAL_NUMBER = '2.5.4.5';

/** The parts of an X.509 certificate the Android chain rules need, parsed once. */
export interface ParsedCertificate {
  readonly index: number;
  readonly der: Uint8Array;
  /** The exact TBSCertificate bytes that the issuer's signature covers. */
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: { readonly oid: string; readonly parameters: 'absent' | 'null' };
  readonly signature: Uint8Array;
  readonly serialNumber: bigint;
  readonly subjectHasSerialNumber: boolean;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** DER SubjectPublicKeyInfo. */
  readonly spki: Uint8Array;
  /** extnValue contents by OID. */
  readonly extensions: ReadonlyMap<string, Uint8Array>;
}

function malformed(index: number, what: string): AttestationError {
  return new AttestationError('MALFORMED_EVIDENCE', `chain[${index}]: ${what}`);
}

const PEM_PATTERN =
  /^-----BEGIN CERTIFICATE-----\r?\n?([A-Za-z0-9+/=\r\n]+)-----END CERTIFICATE-----$/;

/** Decodes one PEM CERTIFICATE block, refusing anything else (keys, bundles, bad base64). */
export function decodePem(pem: string, index: number): Uint8Array {
  if (pem.length > MAX_CERTIFICATE_BYTES * 2) {
    throw new AttestationError('EVIDENCE_TOO_LARGE', `chain[${index}]: PEM text too long`);
  }
  const match = PEM_PATTERN.exec(pem.trim());
  if (!match?.[1]) throw malformed(index, 'expected one PEM CERTIFICATE block');
  const base64 = match[1].replace(/[\r\n]/g, '');
  const der = Buffer.from(base64, 'base64');
  if (der.length === 0 || der.toString('base64') !== base64) {
    throw malformed(index, 'PEM body is not canonical base64');
  }
  return new Uint8Array(der);
}

/** Tells absent signatureAlgorithm parameters from explicit NULL ones; anything else fails. */
function readSignatureParameters(raw: Uint8Array, index: number): 'absent' | 'null' {
  const field = `chain[${index}].signatureAlgorithm`;
  const algorithm = readSingle(raw, field);
  expectUniversal(algorithm, UNIVERSAL_SEQUENCE, field);
  const [, params] = readChildren(algorithm.contents, field, 2);
  if (params === undefined) return 'absent';
  expectUniversal(params, UNIVERSAL_NULL, field);
  if (params.contents.length !== 0) throw malformed(index, 'NULL parameters must be empty');
  return 'null';
}

export function parseCertificate(der: Uint8Array, index: number): ParsedCertificate {
  if (der.length > MAX_CERTIFICATE_BYTES) {
    throw new AttestationError('EVIDENCE_TOO_LARGE', `chain[${index}]: certificate too large`);
  }
  const outer = readSingle(der, `chain[${index}]`);
  expectUniversal(outer, UNIVERSAL_SEQUENCE, `chain[${index}]`);
  const [tbs, algorithm, signature, ...rest] = readChildren(outer.contents, `chain[${index}]`, 3);
  if (!tbs || !algorithm || !signature || rest.length > 0) {
    throw malformed(index, 'expected tbsCertificate, signatureAlgorithm, signatureValue');
  }

  let cert: Certificate;
  try {
    cert = AsnConvert.parse(der, Certificate);
  } catch {
    throw malformed(index, 'not a DER X.509 certificate');
  }
  const t = cert.tbsCertificate;
  const signatureAlgorithm = {
    oid: cert.signatureAlgorithm.algorithm,
    parameters: readSignatureParameters(algorithm.raw, index),
  };
  if (t.signature.algorithm !== signatureAlgorithm.oid) {
    throw malformed(index, 'tbsCertificate.signature differs from signatureAlgorithm');
  }
  if (signature.contents[0] !== 0) throw malformed(index, 'signature BIT STRING has unused bits');

  return {
    index,
    der,
    tbs: tbs.raw,
    signatureAlgorithm,
    signature: signature.contents.subarray(1),
    serialNumber: decodeBigInt(new Uint8Array(t.serialNumber), `chain[${index}].serialNumber`),
    subjectHasSerialNumber: t.subject.some((rdn) =>
      rdn.some((attribute) => attribute.type === OID_SUBJECT_SERIAL_NUMBER),
    ),
    notBefore: t.validity.notBefore.getTime(),
    notAfter: t.validity.notAfter.getTime(),
    spki: new Uint8Array(AsnConvert.serialize(t.subjectPublicKeyInfo)),
    extensions: readExtensions(cert, index),
  };
}

function readExtensions(cert: Certificate, index: number): Map<string, Uint8Array> {
  const extensions = new Map<string, Uint8Array>();
  for (const extension of cert.tbsCertificate.extensions ?? []) {
    if (extensions.has(extension.extnID)) {
      throw malformed(index, `extension ${extension.extnID} appears twice`);
    }
    extensions.set(extension.extnID, new Uint8Array(extension.extnValue.buffer));
  }
  return extensions;
}
