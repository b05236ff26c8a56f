import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

import type { TrustStateStore } from './state.js';

/**
 * Keeps the trust state in one small file. Writes are atomic: a temporary file in the same
 * folder is written, flushed to disk and renamed over the old one, then the folder is
 * flushed, so a crash leaves either the old state or the new one, never half of either.
 */
export function fileTrustStateStore(path: string): TrustStateStore {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError('path must be a non-empty string');
  }
  return {
    read(): string | undefined {
      try {
        return readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    write(text: string): void {
      const temporary = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
      const file = openSync(temporary, 'wx', 0o600);
      try {
        writeSync(file, text);
        fsyncSync(file);
      } finally {
        closeSync(file);
      }
      renameSync(temporary, path);
      flushFolder(dirname(path));
    },
  };
}

function flushFolder(folder: string): void {
  const handle = openSync(folder, 'r');
  try {
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
}
