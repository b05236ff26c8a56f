import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { manifestFacts } from '../../src/android/manifest-facts.js';
import { parseProtoManifest } from '../../src/android/proto-manifest.js';
import { readProtoResourceTable } from '../../src/android/proto-resources.js';
import { BuildError } from '../../src/errors.js';
import { DEFAULT_LIMITS } from '../../src/limits.js';
import { openArchive } from '../../src/zip/archive.js';
import { bufferSource } from '../../src/zip/byte-source.js';

// A protobuf writer of its own, so the tests do not share the reader's schema.
function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value >>> 0;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}
const message = (field: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  return Buffer.concat([varint((field << 3) | 2), varint(body.length), body]);
};
const text = (field: number, value: string): Buffer => message(field, Buffer.from(value, 'utf8'));
const uint = (field: number, value: number): Buffer =>
  Buffer.concat([varint(field << 3), varint(value)]);

// aapt.pb: ResourceTable.package = 2; Package.package_id = 1, type = 3; Type.type_id = 1,
// name = 2, entry = 3; Entry.entry_id = 1, name = 2, config_value = 6; ConfigValue.config = 1,
// value = 2; Configuration.locale = 3; Value.item = 4; Item.ref = 1, str = 2; Reference.id = 2.
const stringValue = (value: string): Buffer => message(2, message(4, message(2, text(1, value))));
const refValue = (id: number): Buffer => message(2, message(4, message(1, uint(2, id))));
const french = message(1, text(3, 'fr'));
function entry(id: number, name: string, ...configValues: Buffer[]): Buffer {
  const entryId = id === 0 ? Buffer.alloc(0) : message(1, uint(1, id));
  return message(3, entryId, text(2, name), ...configValues.map((value) => message(6, value)));
}
function table(...entries: Buffer[]): Buffer {
  const type = message(3, message(1, uint(1, 0x0d)), text(2, 'string'), ...entries);
  return message(2, message(1, uint(1, 0x7f)), text(2, 'com.example'), type);
}

const VERSION = 0x7f0d0000;
const ALIAS = 0x7f0d0001;
const FRENCH_ONLY = 0x7f0d0002;
const resources = table(
  entry(0, 'version', Buffer.concat([french, stringValue('deux')]), stringValue('2.4.1')),
  entry(1, 'alias', refValue(VERSION)),
  entry(2, 'french_only', Buffer.concat([french, stringValue('seul')])),
);

describe('protobuf resource table (base/resources.pb)', () => {
  it('resolves a string of the default configuration, directly and through a reference', () => {
    const strings = readProtoResourceTable(resources);
    expect(strings(VERSION)).toBe('2.4.1');
    expect(strings(ALIAS)).toBe('2.4.1');
    expect(strings(FRENCH_ONLY)).toBeNull();
    expect(strings(0x7f0d0009)).toBeNull();
  });

  it('reports the versionName a bundle manifest refers to', () => {
    const versionName = message(
      4,
      text(1, 'http://schemas.android.com/apk/res/android'),
      text(2, 'versionName'),
      uint(5, 0x0101021c),
      message(6, message(1, uint(2, ALIAS))),
    );
    const manifest = message(
      1,
      text(3, 'manifest'),
      message(4, text(2, 'package'), text(3, 'com.example.app')),
      versionName,
    );
    const root = parseProtoManifest(manifest);
    expect(manifestFacts(root).versionName).toBeNull();
    expect(manifestFacts(root, readProtoResourceTable(resources)).versionName).toBe('2.4.1');
  });

  it('refuses two default values for one resource and a table that is not protobuf', () => {
    const twice = table(entry(0, 'version', stringValue('1'), stringValue('2')));
    expect(() => readProtoResourceTable(twice)).toThrow(
      expect.objectContaining({ code: 'MANIFEST_MALFORMED' }) as BuildError,
    );
    expect(() => readProtoResourceTable(Buffer.from([0x12, 0xff]))).toThrow(
      expect.objectContaining({ code: 'MANIFEST_MALFORMED' }) as BuildError,
    );
  });

  it("resolves a real string of the AAB fixture's base module", async () => {
    const file = join(__dirname, '../fixtures/aab/ondemand-min-signed-rsa2048.aab');
    const archive = await openArchive(bufferSource(readFileSync(file)), DEFAULT_LIMITS);
    try {
      const strings = readProtoResourceTable(
        await archive.read('base/resources.pb', DEFAULT_LIMITS.maxMetadataBytes),
      );
      // string/abc_action_bar_home_description, entry 0 of type 0x0d; other locales ignored.
      expect(strings(0x7f0d0000)).toBe('Navigate home');
    } finally {
      archive.close();
    }
  });
});
