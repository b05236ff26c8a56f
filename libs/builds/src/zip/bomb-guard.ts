import type yauzl from 'yauzl';

import { BuildError } from '../errors.js';
import type { BuildLimits } from '../limits.js';

/** Refuses an entry whose declared sizes exceed the limits or whose ratio is a bomb's. */
export function checkEntrySizes(name: string, entry: yauzl.Entry, limits: BuildLimits): void {
  const printable = JSON.stringify(name);
  if (entry.uncompressedSize > limits.maxEntryBytes) {
    throw new BuildError(
      'ENTRY_TOO_LARGE',
      `entry ${printable}: expected at most ${limits.maxEntryBytes} bytes`,
    );
  }
  if (entry.uncompressedSize < limits.ratioCheckFromBytes) return;
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (ratio > limits.maxCompressionRatio) {
    throw new BuildError(
      'ZIP_BOMB',
      `entry ${printable}: compression ratio ${Math.round(ratio)} exceeds ${limits.maxCompressionRatio}`,
    );
  }
}

/** Running total of declared uncompressed sizes over the whole archive. */
export class SizeBudget {
  private total = 0;

  constructor(private readonly limits: BuildLimits) {}

  add(name: string, bytes: number): void {
    this.total += bytes;
    if (this.total > this.limits.maxTotalUncompressedBytes) {
      throw new BuildError(
        'ZIP_BOMB',
        `archive: uncompressed total passes ${this.limits.maxTotalUncompressedBytes} bytes at ${JSON.stringify(name)}`,
      );
    }
  }
}
