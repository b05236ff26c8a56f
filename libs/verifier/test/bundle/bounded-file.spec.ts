import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  fileTrustStateStore,
  MAX_TRUST_STATE_BYTES,
  readBoundedFile,
  TrustFileError,
} from '../../src/index.js';

describe('readBoundedFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bounded-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function problem(path: string, maxBytes: number): string {
    try {
      readBoundedFile(path, maxBytes);
      return 'READ';
    } catch (error) {
      return error instanceof TrustFileError ? error.problem : String(error);
    }
  }

  it('reads a file of exactly the cap, in pieces, and refuses one byte more', () => {
    const path = join(dir, 'large.json');
    writeFileSync(path, 'é'.repeat(100_000)); // 200,000 bytes

    expect(readBoundedFile(path, 200_000)).toBe('é'.repeat(100_000));
    expect(problem(path, 199_999)).toBe('EFBIG');
  });

  it('refuses what is not a regular file, without blocking on it', () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const zero = join(dir, 'zero');
    symlinkSync('/dev/zero', zero);

    expect([problem(fifo, 1024), problem(zero, 1024), problem(dir, 1024)]).toEqual([
      'ENOTREG',
      'ENOTREG',
      'ENOTREG',
    ]);
    expect(problem(join(dir, 'missing'), 1024)).toBe('ENOENT');
  });

  it('reads back a state as large as many root hand-overs make it', () => {
    const path = join(dir, 'state.json');
    const store = fileTrustStateStore(path);
    const handOvers = Array.from({ length: 8 }, (_, i) => `${i}`.repeat(12_000));
    const text = JSON.stringify({ format: 1, highestVersion: 9, rootTransitions: handOvers });
    store.write(text);

    expect(text.length).toBeGreaterThan(65_536);
    expect(text.length).toBeLessThan(MAX_TRUST_STATE_BYTES);
    expect(store.read()).toBe(text);
  });
});
