import { BuildError } from '../errors.js';
import type { ByteSource } from './byte-source.js';
import { readZip64End } from './zip64.js';

/** Where the central directory is, per the End of Central Directory record (APPNOTE 4.3.16). */
export interface EndOfCentralDirectory {
  readonly eocdOffset: number;
  readonly cdOffset: number;
  readonly cdSize: number;
  readonly entryCount: number;
  /** Offset of the zip64 end record, where the central directory ends; null when not zip64. */
  readonly zip64RecordOffset: number | null;
}

const EOCD_SIGNATURE = 0x06054b50;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const EOCD_MIN_LENGTH = 22;
const MAX_COMMENT_LENGTH = 0xffff;
const CENTRAL_HEADER_MIN_LENGTH = 46;
// Values that say "see the zip64 record" (APPNOTE 4.4.1.4).
const ZIP64_COUNT = 0xffff;
const ZIP64_SIZE = 0xffffffff;

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

  // A zip64 record replaces the fields that hold its marker; the others must agree with it, so
  // that every reader finds the same central directory.
  const zip64 = await readZip64End(source, eocdOffset);
  const classic = { entryCount, cdSize, cdOffset };
  const zip64Markers = { entryCount: ZIP64_COUNT, cdSize: ZIP64_SIZE, cdOffset: ZIP64_SIZE };
  for (const field of ['entryCount', 'cdSize', 'cdOffset'] as const) {
    if (zip64 === null && classic[field] === zip64Markers[field]) {
      throw new BuildError(
        'ARCHIVE_MALFORMED',
        `end of central directory: ${field} needs a zip64 record, none found`,
      );
    }
    if (
      zip64 !== null &&
      classic[field] !== zip64Markers[field] &&
      classic[field] !== zip64[field]
    ) {
      throw new BuildError(
        'ARCHIVE_MALFORMED',
        `end of central directory: ${field} differs from the zip64 record`,
      );
    }
  }
  const found = zip64 ?? classic;
  const cdEnd = zip64?.recordOffset ?? eocdOffset;

  // The central directory must end exactly where the end records start: a gap or an overlap
  // means the sizes lie, and readers would disagree on what the archive holds.
  if (found.cdOffset + found.cdSize > cdEnd) {
    throw new BuildError('ARCHIVE_MALFORMED', 'central directory: extends past its end record');
  }
  if (found.cdOffset + found.cdSize !== cdEnd) {
    throw new BuildError(
      'ARCHIVE_MALFORMED',
      'central directory: expected to end at its end record',
    );
  }
  if (found.entryCount * CENTRAL_HEADER_MIN_LENGTH > found.cdSize) {
    throw new BuildError('ARCHIVE_MALFORMED', 'central directory: too small for its entry count');
  }
  return {
    eocdOffset,
    cdOffset: found.cdOffset,
    cdSize: found.cdSize,
    entryCount: found.entryCount,
    zip64RecordOffset: zip64?.recordOffset ?? null,
  };
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
