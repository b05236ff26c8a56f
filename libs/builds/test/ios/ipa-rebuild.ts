import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { BuildError } from '../../src/errors.js';
import { inspectBuildBytes } from '../../src/inspect.js';
import { DEFAULT_LIMITS } from '../../src/limits.js';
import { openArchive } from '../../src/zip/archive.js';
import { bufferSource } from '../../src/zip/byte-source.js';
import { writeZip, type TestEntry } from '../zip-writer.js';

export const IPA_FIXTURES = join(__dirname, '../fixtures/ipa');

/** Changes an entry's bytes, or drops the entry (null). */
export type Edit = (name: string, data: Buffer) => Buffer | null;

/** Rewrites an IPA fixture entry by entry, then appends `added` entries. */
export async function rebuildIpa(
  file: string,
  edit: Edit = (_name, data) => data,
  added: (files: ReadonlyMap<string, Buffer>) => TestEntry[] = () => [],
): Promise<Buffer> {
  const bytes = readFileSync(join(IPA_FIXTURES, file));
  const archive = await openArchive(bufferSource(bytes), DEFAULT_LIMITS);
  try {
    const files = new Map<string, Buffer>();
    const entries: TestEntry[] = [];
    for (const [name, entry] of archive.entries) {
      const original = await archive.read(name, entry.uncompressedSize);
      files.set(name, original);
      const data = edit(name, original);
      if (data !== null) entries.push({ name, data, deflate: !entry.isDirectory });
    }
    return writeZip([...entries, ...added(files)]);
  } finally {
    archive.close();
  }
}

export function flipByte(at: number): (data: Buffer) => Buffer {
  return (data) => {
    const copy = Buffer.from(data);
    copy.writeUInt8(copy.readUInt8(at) ^ 0x01, at);
    return copy;
  };
}

export async function refusal(bytes: Buffer): Promise<BuildError> {
  try {
    await inspectBuildBytes(bytes);
  } catch (error) {
    if (error instanceof BuildError) return error;
    throw error;
  }
  throw new Error('expected the build to be refused');
}
