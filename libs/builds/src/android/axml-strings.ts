import { BuildError } from '../errors.js';

const UTF8_FLAG = 0x100;
const POOL_HEADER = 28;
const NO_INDEX = 0xffffffff;
const UTF8 = new TextDecoder('utf-8', { fatal: false });

/** The string pool chunk of a binary XML document; strings are decoded on first use. */
export class StringPool {
  private readonly count: number;
  private readonly utf8: boolean;
  private readonly stringsStart: number;
  private readonly offsetsStart: number;
  private readonly cache = new Map<number, string>();

  constructor(
    private readonly chunk: Buffer,
    private readonly where = 'AndroidManifest.xml',
  ) {
    if (chunk.length < POOL_HEADER) throw this.malformed('header too short');
    const headerSize = chunk.readUInt16LE(2);
    this.count = chunk.readUInt32LE(8);
    this.utf8 = (chunk.readUInt32LE(16) & UTF8_FLAG) !== 0;
    this.stringsStart = chunk.readUInt32LE(20);
    this.offsetsStart = headerSize;
    if (headerSize < POOL_HEADER || this.offsetsStart + this.count * 4 > chunk.length) {
      throw this.malformed('offsets overrun the chunk');
    }
    if (this.stringsStart > chunk.length) throw this.malformed('strings start past the chunk');
  }

  /** A string that may be absent (index 0xFFFFFFFF), as namespaces are. */
  optional(index: number): string {
    return index === NO_INDEX ? '' : this.get(index);
  }

  get(index: number): string {
    if (index >= this.count) throw this.malformed(`index ${index} out of range`);
    let value = this.cache.get(index);
    if (value === undefined) {
      const at = this.stringsStart + this.chunk.readUInt32LE(this.offsetsStart + index * 4);
      value = this.utf8 ? this.readUtf8(at) : this.readUtf16(at);
      this.cache.set(index, value);
    }
    return value;
  }

  private readUtf8(at: number): string {
    const chars = this.length8(at);
    const bytes = this.length8(chars.next);
    return UTF8.decode(this.slice(bytes.next, bytes.value));
  }

  private readUtf16(at: number): string {
    this.need(at, 2);
    let units = this.chunk.readUInt16LE(at);
    let start = at + 2;
    if ((units & 0x8000) !== 0) {
      this.need(at, 4);
      units = ((units & 0x7fff) << 16) | this.chunk.readUInt16LE(at + 2);
      start = at + 4;
    }
    return this.slice(start, units * 2).toString('utf16le');
  }

  private length8(at: number): { value: number; next: number } {
    this.need(at, 1);
    const first = this.chunk.readUInt8(at);
    if ((first & 0x80) === 0) return { value: first, next: at + 1 };
    this.need(at, 2);
    return { value: ((first & 0x7f) << 8) | this.chunk.readUInt8(at + 1), next: at + 2 };
  }

  private slice(start: number, length: number): Buffer {
    this.need(start, length);
    return this.chunk.subarray(start, start + length);
  }

  private malformed(what: string): BuildError {
    return new BuildError('MANIFEST_MALFORMED', `${this.where} string pool: ${what}`);
  }

  private need(at: number, length: number): void {
    if (at + length > this.chunk.length) throw this.malformed('string overruns the chunk');
  }
}
