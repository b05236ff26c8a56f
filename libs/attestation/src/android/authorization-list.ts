import { AttestationError } from '../errors.js';
import { decodeApplicationId, decodeRootOfTrust } from './structures.js';
import type { AttestationApplicationId, RootOfTrust } from './structures.js';
import {
  TAG_CLASS_CONTEXT,
  UNIVERSAL_INTEGER,
  UNIVERSAL_NULL,
  UNIVERSAL_OCTET_STRING,
  UNIVERSAL_SEQUENCE,
  UNIVERSAL_SET,
  decodeBigInt,
  decodeSafeInteger,
  expectUniversal,
  readChildren,
  readSingle,
  type DerElement,
} from './der.js';
import { KEYMINT_TAG_BY_NUMBER, type KEYMINT_TAGS, type KeyMintTagShape } from './keymint-tags.js';

/** Bounds on one AuthorizationList: entries, and members of one SET OF INTEGER. */
export const MAX_AUTHORIZATION_ENTRIES = 128;
export const MAX_INTEGER_SET_MEMBERS = 32;

type ValueOfShape<S extends KeyMintTagShape> = S extends 'integer'
  ? number
  : S extends 'bigInteger'
    ? bigint
    : S extends 'integerSet'
      ? readonly number[]
      : S extends 'bigIntegerSet'
        ? readonly bigint[]
        : S extends 'null'
          ? true
          : S extends 'bytes'
            ? Uint8Array
            : S extends 'rootOfTrust'
              ? RootOfTrust
              : AttestationApplicationId;

/** A decoded AuthorizationList: each present tag under its KeyMint name. */
export type AuthorizationList = {
  readonly [K in keyof typeof KEYMINT_TAGS]?: ValueOfShape<(typeof KEYMINT_TAGS)[K][1]>;
};

export interface DecodedAuthorizationList {
  readonly list: AuthorizationList;
  /** DER wants ascending tag order; some devices do not follow it, so it is reported only. */
  readonly tagsInAscendingOrder: boolean;
}

function malformed(field: string, what: string): AttestationError {
  return new AttestationError('MALFORMED_EVIDENCE', `${field}: ${what}`);
}

function decodeIntegerSet(value: DerElement, field: string): bigint[] {
  expectUniversal(value, UNIVERSAL_SET, field);
  return readChildren(value.contents, field, MAX_INTEGER_SET_MEMBERS).map((member) => {
    expectUniversal(member, UNIVERSAL_INTEGER, field);
    return decodeBigInt(member.contents, field);
  });
}

function toSafeNumber(value: bigint, field: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw malformed(field, 'expected a non-negative integer below 2^53');
  }
  return Number(value);
}

function decodeValue(shape: KeyMintTagShape, value: DerElement, field: string): unknown {
  switch (shape) {
    case 'integer':
      expectUniversal(value, UNIVERSAL_INTEGER, field);
      return decodeSafeInteger(value.contents, field);
    case 'bigInteger':
      expectUniversal(value, UNIVERSAL_INTEGER, field);
      return decodeBigInt(value.contents, field);
    case 'integerSet':
      return decodeIntegerSet(value, field).map((member) => toSafeNumber(member, field));
    case 'bigIntegerSet':
      return decodeIntegerSet(value, field);
    case 'null':
      expectUniversal(value, UNIVERSAL_NULL, field);
      if (value.contents.length !== 0) throw malformed(field, 'NULL must be empty');
      return true;
    case 'bytes':
      expectUniversal(value, UNIVERSAL_OCTET_STRING, field);
      return new Uint8Array(value.contents);
    case 'rootOfTrust':
      expectUniversal(value, UNIVERSAL_SEQUENCE, field);
      return decodeRootOfTrust(value.raw, field);
    case 'applicationId':
      expectUniversal(value, UNIVERSAL_OCTET_STRING, field);
      return decodeApplicationId(value.contents, field);
  }
}

/**
 * Decodes an AuthorizationList tag by tag. Each entry is `[tag] EXPLICIT value`; an unknown
 * tag is refused with UNKNOWN_KEYMINT_TAG and a repeated tag as malformed.
 */
export function decodeAuthorizationList(
  sequence: DerElement,
  field: string,
): DecodedAuthorizationList {
  expectUniversal(sequence, UNIVERSAL_SEQUENCE, field);
  const entries = readChildren(sequence.contents, field, MAX_AUTHORIZATION_ENTRIES);
  const list: Record<string, unknown> = {};
  let previous = -1;
  let tagsInAscendingOrder = true;

  for (const entry of entries) {
    if (entry.tagClass !== TAG_CLASS_CONTEXT || !entry.constructed) {
      throw malformed(field, 'expected [tag] EXPLICIT entries');
    }
    const tag = KEYMINT_TAG_BY_NUMBER.get(entry.tagNumber);
    if (!tag) {
      throw new AttestationError(
        'UNKNOWN_KEYMINT_TAG',
        `${field}: unknown KeyMint tag [${entry.tagNumber}]`,
      );
    }
    if (tag.name in list) throw malformed(field, `tag ${tag.name} appears twice`);
    if (entry.tagNumber < previous) tagsInAscendingOrder = false;
    previous = entry.tagNumber;

    const valueField = `${field}.${tag.name}`;
    list[tag.name] = decodeValue(tag.shape, readSingle(entry.contents, valueField), valueField);
  }

  return { list, tagsInAscendingOrder };
}
