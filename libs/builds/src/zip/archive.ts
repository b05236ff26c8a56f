import { Readable } from 'node:stream';
import type { Hash } from 'node:crypto';

import yauzl from 'yauzl';

import { BuildError } from '../errors.js';
import type { BuildLimits } from '../limits.js';
import type { ByteSource } from './byte-source.js';
import { readEndOfCentralDirectory, type EndOfCentralDirectory } from './eocd.js';
import { decodeEntryName } from './entry-name.js';
import { checkEntrySizes, SizeBudget } from './bomb-guard.js';

export interface ArchiveEntry {
  readonly name: string;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly isDirectory: boolean;
  /** Offset of the local header; the entry's data ends after `dataEnd` at the earliest. */
  readonly localHeaderOffset: number;
  readonly dataEnd: number;
}

/** A zip read through its central directory; entry data is inflated only on request, bounded. */
export interface Archive {
  readonly source: ByteSource;
  readonly eocd: EndOfCentralDirectory;
  readonly entries: ReadonlyMap<string, ArchiveEntry>;
  /** Reads a whole entry into memory; refuses one larger than `maxBytes`. */
  read(name: string, maxBytes: number): Promise<Buffer>;
  /** Streams an entry through the given hashes without keeping it. */
  hash(name: string, hashes: readonly Hash[]): Promise<void>;
  close(): void;
}

const CENTRAL_HEADER_LENGTH = 46;
const ZIP64_EXTRA_FIELD = 0x0001;
const STREAM_CHUNK = 64 * 1024;

class SourceReader extends yauzl.RandomAccessReader {
  constructor(private readonly source: ByteSource) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const source = this.source;
    return Readable.from(
      (async function* () {
        for (let at = start; at < end; at += STREAM_CHUNK) {
          yield await source.read(at, Math.min(STREAM_CHUNK, end - at));
        }
      })(),
    );
  }
}

export async function openArchive(source: ByteSource, limits: BuildLimits): Promise<Archive> {
  if (source.size > limits.maxArchiveBytes) {
    throw new BuildError(
      'ARCHIVE_TOO_LARGE',
      `archive: expected at most ${limits.maxArchiveBytes} bytes`,
    );
  }
  const eocd = await readEndOfCentralDirectory(source);
  if (eocd.entryCount > limits.maxEntries) {
    throw new BuildError(
      'TOO_MANY_ENTRIES',
      `archive: expected at most ${limits.maxEntries} entries`,
    );
  }

  const zip = await asArchiveError(
    yauzl.fromRandomAccessReaderPromise(new SourceReader(source), source.size, {
      lazyEntries: true,
      decodeStrings: false,
      validateEntrySizes: true,
      autoClose: false,
    }),
  );
  try {
    const raw = await listEntries(zip, eocd, limits);
    return makeArchive(source, eocd, zip, raw);
  } catch (error) {
    zip.close();
    throw error;
  }
}

async function listEntries(
  zip: yauzl.ZipFile,
  eocd: EndOfCentralDirectory,
  limits: BuildLimits,
): Promise<Map<string, yauzl.Entry>> {
  const entries = new Map<string, yauzl.Entry>();
  const budget = new SizeBudget(limits);
  let recordBytes = 0;
  for (;;) {
    const entry = await asArchiveError(nextEntry(zip));
    if (entry === null) break;
    const name = decodeEntryName(entry.fileNameRaw);

    if (entries.has(name)) {
      throw new BuildError('DUPLICATE_ENTRY', `entry ${JSON.stringify(name)}: appears twice`);
    }

    checkEntry(name, entry, eocd);
    checkEntrySizes(name, entry, limits);
    budget.add(name, entry.uncompressedSize);

    recordBytes +=
      CENTRAL_HEADER_LENGTH +
      entry.fileNameLength +
      entry.extraFieldLength +
      entry.fileCommentLength;
    entries.set(name, entry);
  }

  // The records must fill the central directory exactly, as its size in the EOCD says.
  if (entries.size !== eocd.entryCount || recordBytes !== eocd.cdSize) {
    throw new BuildError(
      'ARCHIVE_MALFORMED',
      'central directory: size or count does not match its records',
    );
  }
  return entries;
}

function checkEntry(name: string, entry: yauzl.Entry, eocd: EndOfCentralDirectory): void {
  const printable = JSON.stringify(name);
  if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
    throw new BuildError(
      'ARCHIVE_MALFORMED',
      `entry ${printable}: encrypted entries are not allowed`,
    );
  }
  // Two zip64 fields would let two readers take different sizes (APPNOTE 4.5.3).
  if (entry.extraFields.filter((field) => field.id === ZIP64_EXTRA_FIELD).length > 1) {
    throw new BuildError(
      'ARCHIVE_MALFORMED',
      `entry ${printable}: zip64 extra field appears twice`,
    );
  }
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new BuildError(
      'UNSUPPORTED_COMPRESSION',
      `entry ${printable}: expected stored or deflated`,
    );
  }
  if (entry.compressionMethod === 0 && entry.compressedSize !== entry.uncompressedSize) {
    throw new BuildError('ARCHIVE_MALFORMED', `entry ${printable}: stored entry sizes differ`);
  }
  // Entry data lies before the central directory; a size that says otherwise lies.
  if (entry.relativeOffsetOfLocalHeader + entry.compressedSize > eocd.cdOffset) {
    throw new BuildError(
      'ARCHIVE_MALFORMED',
      `entry ${printable}: data extends past the central directory`,
    );
  }
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      zip.removeListener('entry', onEntry);
      zip.removeListener('end', onEnd);
      zip.removeListener('error', onError);
    };
    const onEntry = (entry: yauzl.Entry): void => (cleanup(), resolve(entry));
    const onEnd = (): void => (cleanup(), resolve(null));
    const onError = (error: Error): void => (cleanup(), reject(error));
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

function makeArchive(
  source: ByteSource,
  eocd: EndOfCentralDirectory,
  zip: yauzl.ZipFile,
  raw: Map<string, yauzl.Entry>,
): Archive {
  const entries = new Map<string, ArchiveEntry>();
  for (const [name, entry] of raw) {
    entries.set(name, {
      name,
      compressedSize: entry.compressedSize,
      uncompressedSize: entry.uncompressedSize,
      isDirectory: name.endsWith('/'),
      localHeaderOffset: entry.relativeOffsetOfLocalHeader,
      dataEnd: entry.relativeOffsetOfLocalHeader + entry.compressedSize,
    });
  }
  const entryFor = (name: string): yauzl.Entry => {
    const entry = raw.get(name);
    if (entry === undefined) throw new TypeError(`no entry named ${name}`);
    return entry;
  };

  return {
    source,
    eocd,
    entries,
    async read(name, maxBytes) {
      const entry = entryFor(name);
      if (entry.uncompressedSize > maxBytes) {
        throw new BuildError(
          'ENTRY_TOO_LARGE',
          `entry ${JSON.stringify(name)}: expected at most ${maxBytes} bytes`,
        );
      }
      const chunks: Buffer[] = [];
      await pump(zip, entry, (chunk) => chunks.push(chunk));
      return Buffer.concat(chunks);
    },
    async hash(name, hashes) {
      await pump(zip, entryFor(name), (chunk) => hashes.forEach((hash) => hash.update(chunk)));
    },
    close: () => zip.close(),
  };
}

/** Inflates one entry; yauzl stops the stream once it yields more than its declared size. */
async function pump(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  sink: (chunk: Buffer) => void,
): Promise<void> {
  const name = JSON.stringify(decodeEntryName(entry.fileNameRaw));
  const stream = await asArchiveError(zip.openReadStreamPromise(entry), name);
  await asArchiveError(
    (async () => {
      for await (const chunk of stream) sink(chunk as Buffer);
    })(),
    name,
  );
}

/** Maps the zip reader's plain errors to a coded refusal; our own errors pass through. */
async function asArchiveError<T>(promise: Promise<T>, what = 'archive'): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof BuildError || error instanceof TypeError) throw error;
    const detail = error instanceof Error ? error.message.slice(0, 120) : 'unreadable';
    throw new BuildError('ARCHIVE_MALFORMED', `${what}: ${detail}`);
  }
}
