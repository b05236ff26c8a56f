import { AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';

import { AttestationError } from '../errors.js';
import { bytesEqual } from './bytes.js';
import type { ParsedCertificate } from './certificate.js';

/** Apple's credential certificate extension holding the attestation nonce. */
export const OID_APP_ATTEST_NONCE = '1.2.840.113635.100.8.2';
/** Apple's credential certificate extension describing the device OS. */
export const OID_APP_ATTEST_OS_INFO = '1.2.840.113635.100.8.7';

const NONCE_BYTES = 32;
const MAX_OS_VERSION_LENGTH = 32;

/** 1.2.840.113635.100.8.2: SEQUENCE { [1] EXPLICIT OCTET STRING nonce } */
@AsnType({ type: AsnTypeTypes.Sequence })
class AppAttestNonceExtension {
  @AsnProp({ type: AsnPropTypes.OctetString, context: 1 })
  nonce: ArrayBuffer = new ArrayBuffer(0);
}

/** 1.2.840.113635.100.8.7: SEQUENCE of tagged OS facts; [1400] is the OS version string. */
@AsnType({ type: AsnTypeTypes.Sequence })
class AppAttestOsInfoExtension {
  @AsnProp({ type: AsnPropTypes.OctetString, context: 1400, optional: true })
  osVersion?: ArrayBuffer;
}

function findExtension(certificate: ParsedCertificate, oid: string): Uint8Array | undefined {
  const matches = (certificate.asn.tbsCertificate.extensions ?? []).filter((e) => e.extnID === oid);
  if (matches.length > 1) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      `credential certificate: extension ${oid} repeated`,
    );
  }
  const match = matches[0];
  return match ? new Uint8Array(match.extnValue.buffer) : undefined;
}

/**
 * The nonce the App Attest CA wrote into the credential certificate. The extension must be
 * exactly the expected structure: re-encoding it must give back the same bytes.
 */
export function readCertificateNonce(certificate: ParsedCertificate): Uint8Array {
  const field = `credential certificate extension ${OID_APP_ATTEST_NONCE}`;
  const value = findExtension(certificate, OID_APP_ATTEST_NONCE);
  if (!value) {
    throw new AttestationError('NONCE_MISMATCH', `${field}: missing`);
  }
  let nonce: Uint8Array;
  try {
    const parsed = AsnConvert.parse(value, AppAttestNonceExtension);
    nonce = new Uint8Array(parsed.nonce);
    if (!bytesEqual(new Uint8Array(AsnConvert.serialize(parsed)), value)) {
      throw new Error('non-canonical');
    }
  } catch {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      `${field}: expected SEQUENCE { [1] OCTET STRING }`,
    );
  }
  if (nonce.length !== NONCE_BYTES) {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      `${field}: expected a ${NONCE_BYTES}-byte nonce`,
    );
  }
  return nonce;
}

/** The OS version (e.g. "14.2", "27.0.1") when the certificate carries it. */
export function readCertificateOsVersion(certificate: ParsedCertificate): string | undefined {
  const field = `credential certificate extension ${OID_APP_ATTEST_OS_INFO}`;
  const value = findExtension(certificate, OID_APP_ATTEST_OS_INFO);
  if (!value) {
    return undefined;
  }
  let osVersion: ArrayBuffer | undefined;
  try {
    osVersion = AsnConvert.parse(value, AppAttestOsInfoExtension).osVersion;
  } catch {
    throw new AttestationError(
      'MALFORMED_EVIDENCE',
      `${field}: expected a SEQUENCE of tagged values`,
    );
  }
  if (osVersion === undefined) {
    return undefined;
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(osVersion);
  if (text.length > MAX_OS_VERSION_LENGTH || !/^[0-9A-Za-z.]+$/.test(text)) {
    throw new AttestationError('MALFORMED_EVIDENCE', `${field}: expected a dotted OS version`);
  }
  return text;
}
