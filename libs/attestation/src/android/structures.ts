import { RootOfTrust as AsnRootOfTrust } from '@peculiar/asn1-android';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AttestationError } from '../errors.js';
import {
  UNIVERSAL_INTEGER,
  UNIVERSAL_OCTET_STRING,
  UNIVERSAL_SEQUENCE,
  UNIVERSAL_SET,
  decodeSafeInteger,
  expectUniversal,
  readChildren,
  readSingle,
  type DerElement,
} from './der.js';

/** Bounds on attestationApplicationId: packages sharing one UID, and signer digests. */
export const MAX_ATTESTED_PACKAGES = 64;
export const MAX_SIGNATURE_DIGESTS = 16;

export type VerifiedBootState = 'Verified' | 'SelfSigned' | 'Unverified' | 'Failed';

const BOOT_STATES: readonly VerifiedBootState[] = [
  'Verified',
  'SelfSigned',
  'Unverified',
  'Failed',
];

export interface RootOfTrust {
  readonly verifiedBootKey: Uint8Array;
  readonly deviceLocked: boolean;
  readonly verifiedBootState: VerifiedBootState;
  /** Present from attestation version 3 on. */
  readonly verifiedBootHash?: Uint8Array;
}

export interface AttestationApplicationId {
  readonly packages: readonly { readonly name: string; readonly version: number }[];
  /** Lowercase hex SHA-256 digests of the app's signing certificates. */
  readonly signatureDigests: readonly string[];
}

function malformed(field: string, what: string): AttestationError {
  return new AttestationError('MALFORMED_EVIDENCE', `${field}: ${what}`);
}

function parseWith<T>(bytes: Uint8Array, type: new () => T, field: string): T {
  try {
    return AsnConvert.parse(bytes, type);
  } catch {
    throw malformed(field, 'does not match its ASN.1 schema');
  }
}

/**
 * RootOfTrust. The BOOLEAN deviceLocked is read leniently (any non-zero byte is true) because
 * real devices encode TRUE as 0x01 instead of DER's 0xFF.
 */
export function decodeRootOfTrust(der: Uint8Array, field: string): RootOfTrust {
  const parsed = parseWith(der, AsnRootOfTrust, field);
  const state = BOOT_STATES[parsed.verifiedBootState];
  if (state === undefined) throw malformed(field, 'verifiedBootState must be 0-3');
  return {
    verifiedBootKey: new Uint8Array(parsed.verifiedBootKey.buffer),
    deviceLocked: parsed.deviceLocked,
    verifiedBootState: state,
    ...(parsed.verifiedBootHash && {
      verifiedBootHash: new Uint8Array(parsed.verifiedBootHash.buffer),
    }),
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodePackage(info: DerElement, field: string): { name: string; version: number } {
  expectUniversal(info, UNIVERSAL_SEQUENCE, field);
  const [name, version, ...rest] = readChildren(info.contents, field, 2);
  if (!name || !version || rest.length > 0) throw malformed(field, 'expected name and version');
  expectUniversal(name, UNIVERSAL_OCTET_STRING, field);
  expectUniversal(version, UNIVERSAL_INTEGER, field);
  try {
    return {
      name: utf8.decode(name.contents),
      version: decodeSafeInteger(version.contents, field),
    };
  } catch (error) {
    if (error instanceof AttestationError) throw error;
    throw malformed(field, 'package name is not UTF-8');
  }
}

/**
 * AttestationApplicationId, carried DER-encoded inside an OCTET STRING. Read with our DER
 * reader: the asn1-android class hands back package versions as strings and names as raw
 * buffers, unlike its declared types, so it cannot be relied on here.
 */
export function decodeApplicationId(der: Uint8Array, field: string): AttestationApplicationId {
  const sequence = readSingle(der, field);
  expectUniversal(sequence, UNIVERSAL_SEQUENCE, field);
  const [packageSet, digestSet, ...rest] = readChildren(sequence.contents, field, 2);
  if (!packageSet || !digestSet || rest.length > 0) {
    throw malformed(field, 'expected package_infos and signature_digests');
  }
  expectUniversal(packageSet, UNIVERSAL_SET, field);
  expectUniversal(digestSet, UNIVERSAL_SET, field);

  const packages = readChildren(packageSet.contents, field, MAX_ATTESTED_PACKAGES).map((info) =>
    decodePackage(info, `${field}.package_infos`),
  );
  const signatureDigests = readChildren(digestSet.contents, field, MAX_SIGNATURE_DIGESTS).map(
    (digest) => {
      expectUniversal(digest, UNIVERSAL_OCTET_STRING, `${field}.signature_digests`);
      return Buffer.from(digest.contents).toString('hex');
    },
  );
  return { packages, signatureDigests };
}
