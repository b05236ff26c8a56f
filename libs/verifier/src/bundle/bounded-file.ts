import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Read in pieces of this size, so a large cap costs nothing for a small file. */
const READ_CHUNK_BYTES = 65_536;

/**
 * A trust file that cannot be read. `problem` says why: an errno such as ENOENT or EACCES,
 * `ENOTREG` (not a regular file) or `EFBIG` (larger than allowed).
 */
export class TrustFileError extends Error {
  override readonly name = 'TrustFileError';

  constructor(
    readonly problem: string,
    readonly path: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/**
 * Reads a small UTF-8 file (a bundle, a state file) that a hostile or careless hand may have
 * swapped for something else. Opened without waiting (a FIFO with no writer would otherwise
 * block the process), then refused unless the opened file is a regular file: a named pipe or
 * a link to /dev/zero is never read. At most `maxBytes` are read, whatever size the file
 * claims, so a file that grows while it is read is refused too.
 */
export function readBoundedFile(path: string, maxBytes: number): string {
  let descriptor: number;
  try {
    descriptor = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new TrustFileError((error as NodeJS.ErrnoException).code ?? 'EIO', path);
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) {
      throw new TrustFileError('ENOTREG', path);
    }
    if (stats.size > maxBytes) {
      throw new TrustFileError('EFBIG', path);
    }
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, maxBytes + 1 - length));
      const read = readSync(descriptor, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      length += read;
      if (length > maxBytes) {
        throw new TrustFileError('EFBIG', path);
      }
    }
    return Buffer.concat(chunks, length).toString('utf8');
  } catch (error) {
    if (error instanceof TrustFileError) throw error;
    throw new TrustFileError((error as NodeJS.ErrnoException).code ?? 'EIO', path);
  } finally {
    closeSync(descriptor);
  }
}
