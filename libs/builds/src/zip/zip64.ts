import { BuildError } from '../errors.js';
import type { ByteSource } from './byte-source.js';

/** The zip64 end of central directory record (APPNOTE 4.3.14), found through its locator. */
export interface Zip64End {
  /** Where the record starts, which is where the central directory must end. */
  readonly recordOffset: number;
  readonly entryCount: number;
  readonly cdSize: number;
  readonly cdOffset: number;
}

const LOCATOR_SIGNATURE = 0x07064b50;
const RECORD_SIGNATURE = 0x06064b50;
const LOCATOR_LENGTH = 20;
const RECORD_MIN_LENGTH = 56;
/** Bound on the record's extensible data sector, which no mobile build uses. */
const MAX_EXTENSIBLE_DATA = 4096;

function malformed(detail: string): BuildError {
  return new BuildError('ARCHIVE_MALFORMED', `zip64 end of central directory: ${detail}`);
}

/** Reads the zip64 record the locator just before the EOCD record points at; null if none. */
export async function readZip64End(
  source: ByteSource,
  eocdOffset: number,
): Promise<Zip64End | null> {
  const locatorOffset = eocdOffset - LOCATOR_LENGTH;
  if (locatorOffset < 0) return null;
  const locator = await source.read(locatorOffset, LOCATOR_LENGTH);
  if (locator.readUInt32LE(0) !== LOCATOR_SIGNATURE) return null;

  // Multi-disk archives do not exist in mobile builds (APPNOTE 4.3.15).
  if (locator.readUInt32LE(4) !== 0 || locator.readUInt32LE(16) > 1) {
    throw malformed('expected a single disk');
  }

  // The record must end exactly where the locator starts, within the extensible data bound.
  const recordOffset = locator.readBigUInt64LE(8);
  const length = BigInt(locatorOffset) - recordOffset;
  if (length < RECORD_MIN_LENGTH || length > RECORD_MIN_LENGTH + MAX_EXTENSIBLE_DATA) {
    throw malformed(
      `expected the record to end at its locator, within ${MAX_EXTENSIBLE_DATA} bytes`,
    );
  }
  const record = await source.read(Number(recordOffset), Number(length));
  if (record.readUInt32LE(0) !== RECORD_SIGNATURE) throw malformed('record signature missing');
  if (record.readBigUInt64LE(4) !== length - 12n) {
    throw malformed('record size does not reach its locator');
  }

  if (record.readUInt32LE(16) !== 0 || record.readUInt32LE(20) !== 0) {
    throw malformed('expected a single disk');
  }
  const entriesOnDisk = record.readBigUInt64LE(24);
  const entryCount = record.readBigUInt64LE(32);
  if (entriesOnDisk !== entryCount) throw malformed('entry counts differ');

  // Every value must fit before the record itself; that also keeps it a safe integer.
  const limit = recordOffset;
  const cdSize = record.readBigUInt64LE(40);
  const cdOffset = record.readBigUInt64LE(48);
  if (entryCount > limit || cdSize > limit || cdOffset > limit) {
    throw malformed('count, size or offset passes the end of the archive');
  }
  return {
    recordOffset: Number(recordOffset),
    entryCount: Number(entryCount),
    cdSize: Number(cdSize),
    cdOffset: Number(cdOffset),
  };
}
