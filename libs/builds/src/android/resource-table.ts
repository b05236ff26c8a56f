import { BuildError } from '../errors.js';
import { StringPool } from './axml-strings.js';

/** The string a resource id holds in the default configuration; null when it holds none. */
export type StringResolver = (id: number) => string | null;

// Chunk types, type-chunk flags and value types of resources.arsc (ResourceTypes.h).
const RES_STRING_POOL_TYPE = 0x0001;
const RES_TABLE_TYPE = 0x0002;
const RES_TABLE_PACKAGE_TYPE = 0x0200;
const RES_TABLE_TYPE_TYPE = 0x0201;
const FLAG_SPARSE = 0x01;
const FLAG_OFFSET16 = 0x02;
const ENTRY_FLAG_COMPLEX = 0x0001;
const TYPE_REFERENCE = 0x01;
const TYPE_STRING = 0x03;
const NO_ENTRY_32 = 0xffffffff;
const NO_ENTRY_16 = 0xffff;
const CHUNK_HEADER = 8;
const TYPE_HEADER = 20;
const PACKAGE_HEADER = 12;
const MAX_CHUNKS = 65_536;
const MAX_REFERENCE_DEPTH = 8;

function malformed(what: string): BuildError {
  return new BuildError('MANIFEST_MALFORMED', `resources.arsc: ${what}`);
}

/** Splits bytes[start, end) into chunks, checking each header against its bounds. */
function chunks(bytes: Buffer, start: number, end: number): { type: number; chunk: Buffer }[] {
  const found = [];
  for (let at = start; at < end;) {
    if (at + CHUNK_HEADER > end) throw malformed('truncated chunk header');
    const size = bytes.readUInt32LE(at + 4);
    if (size < CHUNK_HEADER || at + size > end || bytes.readUInt16LE(at + 2) > size) {
      throw malformed(`chunk at ${at} has a size outside its parent`);
    }
    if (found.length >= MAX_CHUNKS) throw malformed(`more than ${MAX_CHUNKS} chunks`);
    found.push({ type: bytes.readUInt16LE(at), chunk: bytes.subarray(at, at + size) });
    at += size;
  }
  return found;
}

/** Reads the table's global string pool and, per package, its default-configuration types. */
export function readResourceTable(bytes: Buffer): StringResolver {
  if (bytes.length < PACKAGE_HEADER || bytes.readUInt16LE(0) !== RES_TABLE_TYPE)
    throw malformed('expected a resource table');
  const end = bytes.readUInt32LE(4);
  if (end > bytes.length || bytes.readUInt16LE(2) > end) throw malformed('bad table header');

  let strings: StringPool | undefined;
  const types = new Map<number, Buffer>();
  for (const { type, chunk } of chunks(bytes, bytes.readUInt16LE(2), end)) {
    if (type === RES_STRING_POOL_TYPE && strings === undefined)
      strings = new StringPool(chunk, 'resources.arsc');
    if (type === RES_TABLE_PACKAGE_TYPE) readPackage(chunk, types);
  }
  const pool = strings;
  if (pool === undefined) throw malformed('no global string pool');

  const resolve = (id: number, depth: number): string | null => {
    const value = entryValue(types.get(id >>> 16), id & 0xffff);
    if (value === null) return null;
    if (value.type === TYPE_STRING) return pool.get(value.data);
    if (value.type === TYPE_REFERENCE && depth < MAX_REFERENCE_DEPTH)
      return resolve(value.data, depth + 1);
    return null;
  };
  return (id) => resolve(id, 0);
}

/** Keeps each type chunk of the default configuration, keyed by package and type id. */
function readPackage(chunk: Buffer, types: Map<number, Buffer>): void {
  if (chunk.length < PACKAGE_HEADER) throw malformed('package header too short');
  const packageId = chunk.readUInt32LE(8);
  if (packageId > 0xff) throw malformed('package id out of range');
  for (const { type, chunk: child } of chunks(chunk, chunk.readUInt16LE(2), chunk.length)) {
    if (type !== RES_TABLE_TYPE_TYPE) continue;
    if (child.length < TYPE_HEADER + 4) throw malformed('type chunk too short');
    const typeId = child.readUInt8(8);
    if (typeId === 0) throw malformed('type id 0');
    if (!isDefaultConfig(child)) continue;
    const key = (packageId << 8) | typeId;
    if (types.has(key)) throw malformed(`type ${typeId} has two default configurations`);
    types.set(key, child);
  }
}

/** The configuration follows the type header; the default one is all zero after its size. */
function isDefaultConfig(chunk: Buffer): boolean {
  const size = chunk.readUInt32LE(TYPE_HEADER);
  if (size < 4 || TYPE_HEADER + size > chunk.readUInt16LE(2)) throw malformed('bad configuration');
  return chunk.subarray(TYPE_HEADER + 4, TYPE_HEADER + size).every((byte) => byte === 0);
}

/** The simple value of one entry in a type chunk; null for a missing or complex entry. */
function entryValue(
  chunk: Buffer | undefined,
  index: number,
): { type: number; data: number } | null {
  if (chunk === undefined) return null;
  const flags = chunk.readUInt8(9);
  const count = chunk.readUInt32LE(12);
  const entriesStart = chunk.readUInt32LE(16);
  const offsets = chunk.readUInt16LE(2);
  // Sparse tables hold (index, offset / 4) pairs of uint16; others one offset per entry.
  const width = (flags & FLAG_SPARSE) === 0 && (flags & FLAG_OFFSET16) !== 0 ? 2 : 4;
  if (offsets + count * width > chunk.length || entriesStart > chunk.length)
    throw malformed('entry offsets overrun the type chunk');

  let offset: number | null = null;
  if ((flags & FLAG_SPARSE) !== 0) {
    for (let i = 0; i < count && offset === null; i++) {
      if (chunk.readUInt16LE(offsets + i * 4) === index)
        offset = chunk.readUInt16LE(offsets + i * 4 + 2) * 4;
    }
  } else if (index < count && (flags & FLAG_OFFSET16) !== 0) {
    const raw = chunk.readUInt16LE(offsets + index * 2);
    offset = raw === NO_ENTRY_16 ? null : raw * 4;
  } else if (index < count) {
    const raw = chunk.readUInt32LE(offsets + index * 4);
    offset = raw === NO_ENTRY_32 ? null : raw;
  }
  if (offset === null) return null;

  // Entry: size, flags, key; a simple entry's Res_value follows it: size, 0, type, data.
  const at = entriesStart + offset;
  if (at + 8 > chunk.length) throw malformed('entry outside the type chunk');
  if ((chunk.readUInt16LE(at + 2) & ENTRY_FLAG_COMPLEX) !== 0) return null;
  const valueAt = at + chunk.readUInt16LE(at);
  if (valueAt + 8 > chunk.length) throw malformed('value outside the type chunk');
  return { type: chunk.readUInt8(valueAt + 3), data: chunk.readUInt32LE(valueAt + 4) };
}
