import { createHash } from 'node:crypto';

import { BuildError } from '../errors.js';
import { verifyCms, type VerifiedCms } from '../crypto/cms.js';
import {
  checkCodePages,
  checkSpecialSlot,
  parseCodeDirectory,
  specialSlotHash,
  type CodeDirectory,
} from './code-directory.js';
import { signedImages, type SignedImage } from './macho.js';

/** What a verified code signature vouches for. */
export interface VerifiedCodeSignature {
  readonly cms: VerifiedCms;
  readonly identifier: string;
  readonly teamId: string | null;
  /** The XML entitlements blob's plist, whose hash the signed CodeDirectory holds. */
  readonly entitlements: Buffer;
}

/** Bundle files a code signature binds through its special slots. */
export interface BoundFiles {
  /** The bundle's Info.plist; null for a bare dynamic library, which has none. */
  readonly infoPlist: Buffer | null;
  /** `_CodeSignature/CodeResources`, when the bundle has one. */
  readonly codeResources: Buffer | null;
}

// Blob magics and slots of an embedded signature, and special slot numbers (xnu cs_blobs.h).
const SUPERBLOB = 0xfade0cc0;
const ENTITLEMENTS = 0xfade7171;
const DER_ENTITLEMENTS = 0xfade7172;
const REQUIREMENTS = 0xfade0c01;
const CMS_WRAPPER = 0xfade0b01;
const SLOT = { codeDirectory: 0, requirements: 2, entitlements: 5, derEntitlements: 7 } as const;
const SLOT_CMS = 0x10000;
const ALTERNATE_DIRECTORIES = [0x1000, 0x1001, 0x1002, 0x1003, 0x1004];
const SPECIAL = { infoPlist: 1, requirements: 2, codeResources: 3 } as const;
const MAX_BLOBS = 64;
const TEAM_OFFSET_VERSION = 0x20200;

function malformed(detail: string): BuildError {
  return new BuildError('EXECUTABLE_MALFORMED', `code signature: ${detail}`);
}

/**
 * Verifies an embedded code signature: the CMS signature over the CodeDirectory, then, in
 * every CodeDirectory, the special-slot hashes of the signature's blobs and the bundle's
 * files, and the hash of every code page of the image.
 */
export function verifyCodeSignature(signed: SignedImage, files: BoundFiles): VerifiedCodeSignature {
  const blobs = readSuperBlob(signed.signature);
  const primary = blobs.get(SLOT.codeDirectory);
  const cmsBlob = blobs.get(SLOT_CMS);
  if (primary === undefined) throw malformed('no CodeDirectory');
  const directory = parseCodeDirectory(primary);
  if (cmsBlob === undefined || cmsBlob.readUInt32BE(0) !== CMS_WRAPPER || cmsBlob.length <= 8) {
    throw new BuildError('UNSIGNED', 'code signature: ad-hoc, no CMS signature');
  }

  // The CMS signature's message digest covers the CodeDirectory blob.
  const cms = verifyCms(cmsBlob.subarray(8), primary, 'code signature CMS');

  const entitlements = blobs.get(SLOT.entitlements);
  if (entitlements === undefined || entitlements.readUInt32BE(0) !== ENTITLEMENTS) {
    throw new BuildError('ENTITLEMENTS_MISSING', 'code signature: no entitlements blob');
  }

  // The device may pick any CodeDirectory (the strongest hash), so each must hold the same
  // identity and match the same blobs, files and pages.
  const strings = directoryStrings(directory);
  for (const type of ALTERNATE_DIRECTORIES) {
    const bytes = blobs.get(type);
    if (bytes === undefined) continue;
    const alternate = parseCodeDirectory(bytes);
    const other = directoryStrings(alternate);
    if (other.identifier !== strings.identifier || other.teamId !== strings.teamId) {
      throw new BuildError(
        'SIGNER_MISMATCH',
        'code signature: CodeDirectories name different code',
      );
    }
    checkDirectory(alternate, blobs, entitlements, signed, files);
  }
  checkDirectory(directory, blobs, entitlements, signed, files);

  return { cms, ...strings, entitlements: entitlements.subarray(8) };
}

function checkDirectory(
  directory: CodeDirectory,
  blobs: Map<number, Buffer>,
  entitlements: Buffer,
  signed: SignedImage,
  files: BoundFiles,
): void {
  checkSpecialSlot(directory, SLOT.entitlements, entitlements, 'entitlements');

  const der = blobs.get(SLOT.derEntitlements);
  if (der !== undefined && der.readUInt32BE(0) === DER_ENTITLEMENTS)
    checkSpecialSlot(directory, SLOT.derEntitlements, der, 'DER entitlements');

  if (files.infoPlist === null) {
    checkOptionalSlot(directory, SPECIAL.infoPlist, null, 'Info.plist');
  } else {
    checkSpecialSlot(directory, SPECIAL.infoPlist, files.infoPlist, 'Info.plist');
  }

  // Requirements and CodeResources: when present they must match, when hashed they must exist.
  const requirements = blobs.get(SLOT.requirements);
  if (requirements !== undefined && requirements.readUInt32BE(0) !== REQUIREMENTS)
    throw malformed('requirements slot holds another blob');
  checkOptionalSlot(directory, SPECIAL.requirements, requirements ?? null, 'requirements');
  // The per-file hashes CodeResources lists are checked against the bundle in code-resources.ts.
  checkOptionalSlot(directory, SPECIAL.codeResources, files.codeResources, 'CodeResources');

  checkCodePages(directory, signed.image, signed.signatureOffset);
}

const CDHASH_LENGTH = 20;

/**
 * The cdhashes of an executable: each CodeDirectory's hash (in its own hash type) truncated to
 * 20 bytes, as a parent's CodeResources names nested code. Only reads; verification is separate.
 */
export function codeDirectoryHashes(executable: Buffer): Buffer[] {
  const hashes: Buffer[] = [];
  for (const signed of signedImages(executable)) {
    const blobs = readSuperBlob(signed.signature);
    for (const slot of [SLOT.codeDirectory, ...ALTERNATE_DIRECTORIES]) {
      const bytes = blobs.get(slot);
      if (bytes === undefined) continue;
      const directory = parseCodeDirectory(bytes);
      const hash = createHash(directory.hashName).update(bytes).digest();
      hashes.push(hash.subarray(0, CDHASH_LENGTH));
    }
  }
  return hashes;
}

function checkOptionalSlot(
  directory: CodeDirectory,
  slot: number,
  data: Buffer | null,
  what: string,
): void {
  if (data !== null) return checkSpecialSlot(directory, slot, data, what);
  if (specialSlotHash(directory, slot) !== null)
    throw new BuildError('DIGEST_MISMATCH', `code signature: hashed ${what} is missing`);
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

function directoryStrings(directory: CodeDirectory): { identifier: string; teamId: string | null } {
  const bytes = directory.bytes;
  const cString = (offset: number): string => {
    const end = bytes.indexOf(0, offset);
    if (offset >= bytes.length || end < 0) throw malformed('string outside the CodeDirectory');
    return bytes.toString('utf8', offset, end);
  };
  const teamOffset =
    directory.version >= TEAM_OFFSET_VERSION && bytes.length >= 52 ? bytes.readUInt32BE(48) : 0;
  return {
    identifier: cString(bytes.readUInt32BE(20)),
    teamId: teamOffset > 0 ? cString(teamOffset) : null,
  };
}
