import { crc32, deflateRawSync } from 'node:zlib';

export interface TestEntry {
  name: string;
  data: Buffer;
  deflate?: boolean;
  /** Overrides the uncompressed size written in both headers (to make it lie). */
  declaredSize?: number;
}

/** Writes a plain zip archive for hostile-file tests. */
export function writeZip(entries: TestEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const body = entry.deflate ? deflateRawSync(entry.data) : entry.data;
    const size = entry.declaredSize ?? entry.data.length;
    const crc = crc32(entry.data);
    const method = entry.deflate ? 8 : 0;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

export interface Zip64Options {
  /** Replaces the uncompressed size in the first entry's zip64 extra field (to make it lie). */
  declaredSize?: bigint;
  /** Writes the first entry's zip64 extra field twice. */
  duplicateExtra?: boolean;
}

/**
 * Rewrites a zip as zip64: each central record's sizes and local header offset move into a
 * zip64 extra field, and a zip64 end record and locator precede an EOCD of marker values.
 */
export function toZip64(zip: Buffer, options: Zip64Options = {}): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  const records: Buffer[] = [];
  for (let i = 0, at = cdOffset; i < count; i++) {
    const header = Buffer.from(zip.subarray(at, at + 46));
    const nameEnd = at + 46 + header.readUInt16LE(28);
    const extraEnd = nameEnd + header.readUInt16LE(30);
    const recordEnd = extraEnd + header.readUInt16LE(32);

    const field = Buffer.alloc(28);
    field.writeUInt16LE(0x0001, 0);
    field.writeUInt16LE(24, 2);
    const declared = i === 0 ? options.declaredSize : undefined;
    field.writeBigUInt64LE(declared ?? BigInt(header.readUInt32LE(24)), 4);
    field.writeBigUInt64LE(BigInt(header.readUInt32LE(20)), 12);
    field.writeBigUInt64LE(BigInt(header.readUInt32LE(42)), 20);
    for (const offset of [20, 24, 42]) header.writeUInt32LE(0xffffffff, offset);
    const fields = i === 0 && options.duplicateExtra === true ? [field, field] : [field];
    const extra = Buffer.concat([...fields, zip.subarray(nameEnd, extraEnd)]);
    header.writeUInt16LE(extra.length, 30);

    records.push(header, zip.subarray(at + 46, nameEnd), extra, zip.subarray(extraEnd, recordEnd));
    at = recordEnd;
  }
  const cd = Buffer.concat(records);

  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(cd.length), 40);
  record.writeBigUInt64LE(BigInt(cdOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(cdOffset + cd.length), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.from(zip.subarray(eocd));
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([zip.subarray(0, cdOffset), cd, record, locator, end]);
}
