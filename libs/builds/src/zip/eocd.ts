import { BuildError } from '../errors.js';
import type { ByteSource } from './byte-source.js';

/** Where the central directory is, per the End of Central Directory record (APPNOTE 4.3.16). */
export interface EndOfCentralDirectory {
  readonly eocdOffset: number;
  readonly cdOffset: number;
  readonly cdSize: number;
  readonly entryCount: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const EOCD_MIN_LENGTH = 22;
const MAX_COMMENT_LENGTH = 0xffff;

export async function readEndOfCentralDirectory(
  source: ByteSource,
): Promise<EndOfCentralDirectory> {
  const tailLength = Math.min(source.size, EOCD_MIN_LENGTH + MAX_COMMENT_LENGTH);
  const tail = await source.read(source.size - tailLength, tailLength);
  const at = findRecord(tail);
  if (at < 0) throw await missingRecordError(source);
  const record = tail.subarray(at);
  const eocdOffset = source.size - tailLength + at;

  // Multi-disk archives do not exist in mobile builds.
  const disk = record.readUInt16LE(4);
  const cdDisk = record.readUInt16LE(6);
  const entriesOnDisk = record.readUInt16LE(8);
  const entryCount = record.readUInt16LE(10);
  const cdSize = record.readUInt32LE(12);
  const cdOffset = record.readUInt32LE(16);
  if (disk !== 0 || cdDisk !== 0 || entriesOnDisk !== entryCount) {
    throw new BuildError('ARCHIVE_MALFORMED', 'end of central directory: expected a single disk');
  }

  // TODO(#3): zip64 archives (over 4 GiB or 65535 entries) are refused, not read.
  if (entryCount === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw new BuildError('ARCHIVE_MALFORMED', 'zip64 archives are not supported');
  }

  // The central directory must end exactly where the EOCD record starts: a gap or an overlap
  // means the sizes lie, and readers would disagree on what the archive holds.
  if (cdOffset + cdSize > eocdOffset) {
    throw new BuildError('ARCHIVE_MALFORMED', 'central directory: extends past its end record');
  }
  if (cdOffset + cdSize !== eocdOffset) {
    throw new BuildError(
      'ARCHIVE_MALFORMED',
      'central directory: expected to end at its end record',
    );
  }
  return { eocdOffset, cdOffset, cdSize, entryCount };
}

/** Last EOCD signature whose comment length reaches exactly to the end of the file. */
function findRecord(tail: Buffer): number {
  for (let at = tail.length - EOCD_MIN_LENGTH; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== EOCD_SIGNATURE) continue;
    const commentLength = tail.readUInt16LE(at + 20);
    if (at + EOCD_MIN_LENGTH + commentLength === tail.length) return at;
  }
  return -1;
}

async function missingRecordError(source: ByteSource): Promise<BuildError> {
  const startsLikeZip =
    source.size >= 4 && (await source.read(0, 4)).readUInt32LE(0) === LOCAL_HEADER_SIGNATURE;
  return startsLikeZip
    ? new BuildError('ARCHIVE_TRUNCATED', 'zip archive: end of central directory record missing')
    : new BuildError('NOT_AN_ARCHIVE', 'expected a zip archive (APK, AAB or IPA)');
}
