import { createHash } from 'node:crypto';

import { BuildError } from '../errors.js';
import { verifyCms, type VerifiedCms } from '../crypto/cms.js';

/** What a verified code signature vouches for. */
export interface VerifiedCodeSignature {
  readonly cms: VerifiedCms;
  readonly identifier: string;
  readonly teamId: string | null;
  /** The XML entitlements blob's plist, whose hash the signed CodeDirectory holds. */
  readonly entitlements: Buffer;
}

// Blob magics and slots of an embedded signature (xnu cs_blobs.h).
const SUPERBLOB = 0xfade0cc0;
const CODE_DIRECTORY = 0xfade0c02;
const ENTITLEMENTS = 0xfade7171;
const DER_ENTITLEMENTS = 0xfade7172;
const CMS_WRAPPER = 0xfade0b01;
const SLOT = { codeDirectory: 0, entitlements: 5, derEntitlements: 7, cms: 0x10000 } as const;
const SPECIAL_INFO_PLIST = 1;
const HASH_TYPES: Readonly<Record<number, { name: string; size: number }>> = {
  1: { name: 'sha1', size: 20 },
  2: { name: 'sha256', size: 32 },
  3: { name: 'sha256', size: 20 },
  4: { name: 'sha384', size: 48 },
};
const MAX_BLOBS = 64;
const TEAM_OFFSET_VERSION = 0x20200;

function malformed(detail: string): BuildError {
  return new BuildError('EXECUTABLE_MALFORMED', `code signature: ${detail}`);
}

/**
 * Verifies an embedded code signature: the CMS signature over the CodeDirectory, then the
 * CodeDirectory's special-slot hashes of the entitlements and of Info.plist.
 */
export function verifyCodeSignature(superBlob: Buffer, infoPlist: Buffer): VerifiedCodeSignature {
  const blobs = readSuperBlob(superBlob);
  const directory = blobs.get(SLOT.codeDirectory);
  const cmsBlob = blobs.get(SLOT.cms);
  if (directory === undefined || directory.readUInt32BE(0) !== CODE_DIRECTORY)
    throw malformed('no CodeDirectory');
  if (cmsBlob === undefined || cmsBlob.readUInt32BE(0) !== CMS_WRAPPER || cmsBlob.length <= 8) {
    throw new BuildError('UNSIGNED', 'code signature: ad-hoc, no CMS signature');
  }

  // The CMS signature's message digest covers the CodeDirectory blob.
  const cms = verifyCms(cmsBlob.subarray(8), directory, 'code signature CMS');

  const slots = specialSlots(directory);
  const entitlements = blobs.get(SLOT.entitlements);
  if (entitlements === undefined || entitlements.readUInt32BE(0) !== ENTITLEMENTS) {
    throw new BuildError('ENTITLEMENTS_MISSING', 'code signature: no entitlements blob');
  }
  slots.check(SLOT.entitlements, entitlements, 'entitlements');
  const der = blobs.get(SLOT.derEntitlements);
  if (der !== undefined && der.readUInt32BE(0) === DER_ENTITLEMENTS)
    slots.check(SLOT.derEntitlements, der, 'DER entitlements');
  slots.check(SPECIAL_INFO_PLIST, infoPlist, 'Info.plist');
  // TODO(#3): code page hashes and _CodeSignature/CodeResources (other bundle files) are not checked.

  return { cms, ...directoryStrings(directory), entitlements: entitlements.subarray(8) };
}

function readSuperBlob(bytes: Buffer): Map<number, Buffer> {
  if (bytes.length < 12 || bytes.readUInt32BE(0) !== SUPERBLOB)
    throw malformed('expected an embedded SuperBlob');
  const length = bytes.readUInt32BE(4);
  const count = bytes.readUInt32BE(8);
  if (length > bytes.length || count > MAX_BLOBS || 12 + count * 8 > length)
    throw malformed('bad SuperBlob header');
  const blobs = new Map<number, Buffer>();
  for (let i = 0; i < count; i++) {
    const type = bytes.readUInt32BE(12 + i * 8);
    const offset = bytes.readUInt32BE(16 + i * 8);
    if (offset + 8 > length) throw malformed('blob outside the SuperBlob');
    const size = bytes.readUInt32BE(offset + 4);
    if (size < 8 || offset + size > length) throw malformed('blob length runs past the SuperBlob');
    if (blobs.has(type)) throw malformed('slot appears twice');
    blobs.set(type, bytes.subarray(offset, offset + size));
  }
  return blobs;
}

function specialSlots(directory: Buffer): {
  check(slot: number, data: Buffer, what: string): void;
} {
  if (directory.length < 44) throw malformed('CodeDirectory too short');
  const hashOffset = directory.readUInt32BE(16);
  const specialCount = directory.readUInt32BE(24);
  const hashSize = directory.readUInt8(36);
  const type = HASH_TYPES[directory.readUInt8(37)];
  if (type === undefined || type.size !== hashSize) throw malformed('unknown hash type');
  return {
    check(slot, data, what) {
      const at = hashOffset - slot * hashSize;
      if (slot > specialCount || at < 0 || at + hashSize > directory.length) {
        throw new BuildError(
          'DIGEST_MISMATCH',
          `code signature: ${what} is not hashed by the CodeDirectory`,
        );
      }
      const expected = directory.subarray(at, at + hashSize);
      const actual = createHash(type.name).update(data).digest().subarray(0, hashSize);
      if (!actual.equals(expected))
        throw new BuildError('DIGEST_MISMATCH', `code signature: ${what} hash does not match`);
    },
  };
}

function directoryStrings(directory: Buffer): { identifier: string; teamId: string | null } {
  const cString = (offset: number): string => {
    const end = directory.indexOf(0, offset);
    if (offset >= directory.length || end < 0) throw malformed('string outside the CodeDirectory');
    return directory.toString('utf8', offset, end);
  };
  const version = directory.readUInt32BE(8);
  const teamOffset =
    version >= TEAM_OFFSET_VERSION && directory.length >= 52 ? directory.readUInt32BE(48) : 0;
  return {
    identifier: cString(directory.readUInt32BE(20)),
    teamId: teamOffset > 0 ? cString(teamOffset) : null,
  };
}
