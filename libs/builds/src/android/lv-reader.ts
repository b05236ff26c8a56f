import { BuildError } from '../errors.js';

/** Little-endian reader over APK Signature Scheme structures; every read is bounds-checked. */
export class LvReader {
  private at = 0;

  constructor(
    private readonly bytes: Buffer,
    private readonly what: string,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.at;
  }

  u32(): number {
    this.need(4);
    const value = this.bytes.readUInt32LE(this.at);
    this.at += 4;
    return value;
  }

  /** A uint32-length-prefixed slice, as every APK signature field is. */
  lengthPrefixed(): Buffer {
    const length = this.u32();
    this.need(length);
    const value = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return value;
  }

  /** Reads a length-prefixed sequence of length-prefixed items, at most `max` of them. */
  sequence(max: number): Buffer[] {
    const inner = new LvReader(this.lengthPrefixed(), this.what);
    const items: Buffer[] = [];
    while (inner.remaining > 0) {
      if (items.length >= max) throw this.fail(`more than ${max} items`);
      items.push(inner.lengthPrefixed());
    }
    return items;
  }

  end(): void {
    if (this.remaining !== 0) throw this.fail('unexpected trailing bytes');
  }

  private need(length: number): void {
    if (length > this.remaining) throw this.fail('length field exceeds the data');
  }

  private fail(detail: string): BuildError {
    return new BuildError('SIGNATURE_BLOCK_MALFORMED', `${this.what}: ${detail}`);
  }
}
