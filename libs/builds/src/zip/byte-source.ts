import type { FileHandle } from 'node:fs/promises';

import { BuildError } from '../errors.js';

/** Random access to the bytes of one build, from memory or from an open file. */
export interface ByteSource {
  readonly size: number;
  /** Reads exactly `length` bytes at `offset`; refuses a range past the end. */
  read(offset: number, length: number): Promise<Buffer>;
}

function checkRange(size: number, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new TypeError('read range must be non-negative safe integers');
  }
  if (offset + length > size) {
    throw new BuildError('ARCHIVE_TRUNCATED', `expected ${length} bytes at offset ${offset}`);
  }
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    size: buffer.length,
    read(offset, length) {
      checkRange(buffer.length, offset, length);
      return Promise.resolve(buffer.subarray(offset, offset + length));
    },
  };
}

export function fileSource(handle: FileHandle, size: number): ByteSource {
  return {
    size,
    async read(offset, length) {
      checkRange(size, offset, length);
      const buffer = Buffer.alloc(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, offset + done);
        if (bytesRead === 0) throw new BuildError('ARCHIVE_TRUNCATED', 'file ended early');
        done += bytesRead;
      }
      return buffer;
    },
  };
}
