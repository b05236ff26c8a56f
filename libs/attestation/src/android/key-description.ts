import { AttestationError } from '../errors.js';
import { decodeAuthorizationList, type AuthorizationList } from './authorization-list.js';
import {
  UNIVERSAL_ENUMERATED,
  UNIVERSAL_INTEGER,
  UNIVERSAL_OCTET_STRING,
  UNIVERSAL_SEQUENCE,
  decodeSafeInteger,
  expectUniversal,
  readChildren,
  readSingle,
  type DerElement,
} from './der.js';

/** OID of the Android key attestation extension (KeyDescription). */
export const ATTESTATION_EXTENSION_OID = '1.3.6.1.4.1.11129.2.1.17';

export type SecurityLevel = 'Software' | 'TrustedEnvironment' | 'StrongBox';

const SECURITY_LEVELS: readonly SecurityLevel[] = ['Software', 'TrustedEnvironment', 'StrongBox'];

export interface KeyDescription {
  readonly attestationVersion: number;
  readonly attestationSecurityLevel: SecurityLevel;
  /** keymasterVersion before attestation version 100. */
  readonly keymintVersion: number;
  readonly keymintSecurityLevel: SecurityLevel;
  readonly attestationChallenge: Uint8Array;
  readonly uniqueId: Uint8Array;
  readonly softwareEnforced: AuthorizationList;
  readonly hardwareEnforced: AuthorizationList;
  /** False when a list's tags are out of ascending order (tolerated, as Google does). */
  readonly tagsInAscendingOrder: boolean;
}

const FIELD = 'KeyDescription';

function securityLevel(element: DerElement, field: string): SecurityLevel {
  expectUniversal(element, UNIVERSAL_ENUMERATED, field);
  const level = SECURITY_LEVELS[decodeSafeInteger(element.contents, field)];
  if (level === undefined) {
    throw new AttestationError('MALFORMED_EVIDENCE', `${field}: expected 0, 1 or 2`);
  }
  return level;
}

function integer(element: DerElement, field: string): number {
  expectUniversal(element, UNIVERSAL_INTEGER, field);
  return decodeSafeInteger(element.contents, field);
}

function octets(element: DerElement, field: string): Uint8Array {
  expectUniversal(element, UNIVERSAL_OCTET_STRING, field);
  return new Uint8Array(element.contents);
}

/** Decodes the DER KeyDescription carried in the attestation extension's extnValue. */
export function parseKeyDescription(extensionValue: Uint8Array): KeyDescription {
  const sequence = readSingle(extensionValue, FIELD);
  expectUniversal(sequence, UNIVERSAL_SEQUENCE, FIELD);
  const fields = readChildren(sequence.contents, FIELD, 8);
  const [version, level, kmVersion, kmLevel, challenge, uniqueId, software, hardware] = fields;
  if (!hardware || !software || !uniqueId || !challenge || !kmLevel || !kmVersion || !level) {
    throw new AttestationError('MALFORMED_EVIDENCE', `${FIELD}: expected 8 fields`);
  }
  const softwareList = decodeAuthorizationList(software, `${FIELD}.softwareEnforced`);
  const hardwareList = decodeAuthorizationList(hardware, `${FIELD}.hardwareEnforced`);

  return {
    attestationVersion: integer(version as DerElement, `${FIELD}.attestationVersion`),
    attestationSecurityLevel: securityLevel(level, `${FIELD}.attestationSecurityLevel`),
    keymintVersion: integer(kmVersion, `${FIELD}.keymintVersion`),
    keymintSecurityLevel: securityLevel(kmLevel, `${FIELD}.keymintSecurityLevel`),
    attestationChallenge: octets(challenge, `${FIELD}.attestationChallenge`),
    uniqueId: octets(uniqueId, `${FIELD}.uniqueId`),
    softwareEnforced: softwareList.list,
    hardwareEnforced: hardwareList.list,
    tagsInAscendingOrder: softwareList.tagsInAscendingOrder && hardwareList.tagsInAscendingOrder,
  };
}
