import { verify } from 'node:crypto';

import type { SignedData } from '@peculiar/asn1-cms';
import { id_ecdsaWithSHA256 } from '@peculiar/asn1-ecc';
import { AsnConvert } from '@peculiar/asn1-schema';
import { id_sha256 } from '@peculiar/asn1-rsa';

import { AttestationError } from '../errors.js';
import { APPLE_ROOT_CA_G3 } from './apple-receipt-root.js';
import { bytesEqual } from './bytes.js';
import {
  checkValidity,
  parseCertificate,
  type ParsedCertificate,
  pinnedCertificate,
} from './certificate.js';
import { requireBytes, requireDate } from './input-checks.js';
import { type AppAttestReceipt, openReceiptEnvelope, readReceiptPayload } from './receipt.js';

/** Apple marks its fraud-receipt signing certificates with this extension. */
const OID_RECEIPT_SIGNING = '1.2.840.113635.100.12.15';
const MAX_RECEIPT_CERTIFICATES = 4;
const receiptRoot = pinnedCertificate(APPLE_ROOT_CA_G3, 'Apple Root CA - G3');

export interface AppAttestReceiptInput {
  receipt: Uint8Array;
  /** Trusted time for the signing certificates' validity (e.g. when the receipt arrived). */
  now: Date;
  /** DER of the trust anchor; defaults to the pinned Apple Root CA - G3. */
  rootCertificate?: Uint8Array;
}

/**
 * Verifies that Apple signed the receipt: the CMS signer certificate is a receipt-signing
 * certificate chaining through a carried intermediate to the root, all valid at `now`, and
 * its ECDSA P-256/SHA-256 signature covers the receipt content. Returns the receipt fields.
 */
export function verifyAppAttestReceipt(input: AppAttestReceiptInput): AppAttestReceipt {
  requireBytes(input.receipt, 'receipt');
  requireDate(input.now, 'now');
  const { signedData, content } = openReceiptEnvelope(input.receipt);
  const signer = signerInfoOf(signedData);
  const certificates = carriedCertificates(signedData);
  const root = input.rootCertificate
    ? parseCertificate(input.rootCertificate, 'rootCertificate')
    : receiptRoot();

  const signerCertificate = certificates.find((c) =>
    isIdentifiedBy(c, signer.issuer, signer.serialNumber),
  );
  if (!signerCertificate) {
    throw new AttestationError(
      'RECEIPT_SIGNATURE_INVALID',
      'receipt: signer certificate not carried',
    );
  }

  if (
    !signerCertificate.asn.tbsCertificate.extensions?.some((e) => e.extnID === OID_RECEIPT_SIGNING)
  ) {
    throw new AttestationError(
      'RECEIPT_SIGNATURE_INVALID',
      'receipt: signer is not a receipt-signing certificate',
    );
  }

  const intermediate = certificates.find(
    (c) => c !== signerCertificate && c.x509.ca && isSignedBy(signerCertificate, c),
  );
  if (!intermediate) {
    throw new AttestationError(
      'CERTIFICATE_SIGNATURE_INVALID',
      'receipt: no carried CA signs the signer certificate',
    );
  }

  if (!isSignedBy(intermediate, root)) {
    throw new AttestationError(
      'UNTRUSTED_ROOT',
      'receipt: intermediate is not signed by the receipt root',
    );
  }

  checkValidity(root, input.now, 'receipt root certificate');
  checkValidity(intermediate, input.now, 'receipt intermediate certificate');
  checkValidity(signerCertificate, input.now, 'receipt signer certificate');

  if (!verifySignature(signerCertificate, content, signer.signature)) {
    throw new AttestationError(
      'RECEIPT_SIGNATURE_INVALID',
      'receipt: expected a signature by the signer certificate',
    );
  }

  return readReceiptPayload(content);
}

interface SignerReference {
  issuer: Uint8Array;
  serialNumber: Uint8Array;
  signature: Uint8Array;
}

function signerInfoOf(signedData: SignedData): SignerReference {
  const [signer, ...others] = signedData.signerInfos;
  const reference = signer?.sid.issuerAndSerialNumber;
  if (!signer || others.length > 0 || !reference) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      'receipt: expected one signer named by issuer and serial',
    );
  }
  if (
    signer.digestAlgorithm.algorithm !== id_sha256 ||
    signer.signatureAlgorithm.algorithm !== id_ecdsaWithSHA256
  ) {
    throw new AttestationError(
      'UNSUPPORTED_SIGNATURE_ALGORITHM',
      'receipt: expected ECDSA with SHA-256',
    );
  }
  // Apple's receipts carry no signed attributes (RFC 5652 §5.4). One that does is not a
  // receipt we know how to read, so it is refused rather than checked by a path never exercised.
  if (signer.signedAttrs) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      'receipt: signed attributes are not supported',
    );
  }
  return {
    issuer: new Uint8Array(AsnConvert.serialize(reference.issuer)),
    serialNumber: new Uint8Array(reference.serialNumber),
    signature: new Uint8Array(signer.signature.buffer),
  };
}

function carriedCertificates(signedData: SignedData): ParsedCertificate[] {
  const choices = signedData.certificates ?? [];
  if (choices.length > MAX_RECEIPT_CERTIFICATES) {
    throw new AttestationError(
      'CHAIN_TOO_LONG',
      `receipt: expected at most ${MAX_RECEIPT_CERTIFICATES} certificates`,
    );
  }
  return choices
    .map((choice) => choice.certificate)
    .filter((certificate) => certificate !== undefined)
    .map((certificate, i) =>
      parseCertificate(
        new Uint8Array(AsnConvert.serialize(certificate)),
        `receipt certificate ${i}`,
      ),
    );
}

function isIdentifiedBy(
  certificate: ParsedCertificate,
  issuer: Uint8Array,
  serial: Uint8Array,
): boolean {
  const tbs = certificate.asn.tbsCertificate;
  return (
    bytesEqual(new Uint8Array(tbs.serialNumber), serial) &&
    bytesEqual(new Uint8Array(AsnConvert.serialize(tbs.issuer)), issuer)
  );
}

function isSignedBy(subject: ParsedCertificate, issuer: ParsedCertificate): boolean {
  try {
    return subject.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

function verifySignature(
  certificate: ParsedCertificate,
  content: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    return verify('sha256', content, certificate.x509.publicKey, signature);
  } catch {
    return false;
  }
}
