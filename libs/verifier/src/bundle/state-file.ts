import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

import { readBoundedFile, TrustFileError } from './bounded-file.js';
import { TrustBundleError } from './errors.js';
import { MAX_TRUST_STATE_BYTES } from './limits.js';
import type { TrustStateStore } from './state.js';

/**
 * Keeps the trust state in one small file. Writes are atomic: a temporary file in the same
 * folder is written, flushed to disk and renamed over the old one, then the folder is
 * flushed, so a crash leaves either the old state or the new one, never half of either.
 * A missing file is a site's first load; one that cannot be read (permissions, not a regular
 * file, larger than any state) refuses with TRUST_STATE_INVALID rather than be taken as none.
 */
export function fileTrustStateStore(path: string): TrustStateStore {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError('path must be a non-empty string');
  }
  return {
    read(): string | undefined {
      try {
        return readBoundedFile(path, MAX_TRUST_STATE_BYTES);
      } catch (error) {
        if (error instanceof TrustFileError && error.problem === 'ENOENT') return undefined;
        const problem = error instanceof TrustFileError ? error.problem : 'EIO';
        throw new TrustBundleError(
          'TRUST_STATE_INVALID',
          `the trust state file ${path} cannot be read (${problem}); nothing is trusted`,
        );
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
