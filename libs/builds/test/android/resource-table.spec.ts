import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseBinaryXml } from '../../src/android/axml.js';
import { BuildError } from '../../src/errors.js';
import { DEFAULT_LIMITS } from '../../src/limits.js';
import { openArchive } from '../../src/zip/archive.js';
import { bufferSource } from '../../src/zip/byte-source.js';
import { manifestFacts } from '../../src/android/manifest-facts.js';
import { readResourceTable } from '../../src/android/resource-table.js';
import { ANDROID_NAMESPACE, type XmlElement } from '../../src/android/xml-tree.js';

const STRING = 0x03;
const REFERENCE = 0x01;
const CONFIG_SIZE = 64;

function chunk(type: number, header: Buffer, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(type, 0);
  head.writeUInt16LE(8 + header.length, 2);
  head.writeUInt32LE(8 + header.length + body.length, 4);
  return Buffer.concat([head, header, body]);
}

function stringPool(strings: string[]): Buffer {
  const data = strings.map((text) => {
    const bytes = Buffer.from(text, 'utf8');
    return Buffer.concat([Buffer.from([text.length, bytes.length]), bytes, Buffer.from([0])]);
  });
  const offsets = Buffer.alloc(strings.length * 4);
  data.reduce((at, item, i) => (offsets.writeUInt32LE(at, i * 4), at + item.length), 0);
  const header = Buffer.alloc(20);
  header.writeUInt32LE(strings.length, 0);
  header.writeUInt32LE(0x100, 8);
  header.writeUInt32LE(28 + offsets.length, 12);
  return chunk(0x0001, header, Buffer.concat([offsets, ...data]));
}

type Value = { type: number; data: number } | null;

/** A type chunk; `layout` picks 32-bit offsets, 16-bit offsets or sparse pairs. */
function typeChunk(
  typeId: number,
  values: Value[],
  layout: 'dense' | 'offset16' | 'sparse' = 'dense',
  language = '',
): Buffer {
  const config = Buffer.alloc(CONFIG_SIZE);
  config.writeUInt32LE(CONFIG_SIZE, 0);
  config.write(language, 8, 'ascii');
  const entries: Buffer[] = [];
  const offsets: number[][] = [];
  values.forEach((value, index) => {
    if (value === null) return offsets.push([index, -1]);
    const entry = Buffer.alloc(16);
    entry.writeUInt16LE(8, 0);
    entry.writeUInt16LE(8, 8);
    entry.writeUInt8(value.type, 11);
    entry.writeUInt32LE(value.data, 12);
    offsets.push([index, entries.length * 16]);
    entries.push(entry);
  });
  const present = offsets.filter(([, offset]) => offset! >= 0);
  const table =
    layout === 'sparse'
      ? Buffer.concat(present.map(([i, o]) => u16s(i!, o! / 4)))
      : Buffer.concat(
          offsets.map(([, o]) =>
            layout === 'offset16' ? u16s(o! < 0 ? 0xffff : o! / 4) : u32(o! < 0 ? 0xffffffff : o!),
          ),
        );
  const header = Buffer.alloc(12);
  header.writeUInt8(typeId, 0);
  header.writeUInt8(layout === 'sparse' ? 0x01 : layout === 'offset16' ? 0x02 : 0, 1);
  header.writeUInt32LE(layout === 'sparse' ? present.length : values.length, 4);
  header.writeUInt32LE(20 + CONFIG_SIZE + table.length, 8);
  return chunk(0x0201, Buffer.concat([header, config]), Buffer.concat([table, ...entries]));
}

const u16s = (...values: number[]): Buffer => {
  const out = Buffer.alloc(values.length * 2);
  values.forEach((value, i) => out.writeUInt16LE(value, i * 2));
  return out;
};
const u32 = (value: number): Buffer => {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(value, 0);
  return out;
};

function table(strings: string[], types: Buffer[]): Buffer {
  const packageHeader = Buffer.alloc(280);
  packageHeader.writeUInt32LE(0x7f, 0);
  const pkg = chunk(0x0200, packageHeader, Buffer.concat(types));
  return chunk(0x0002, u32(1), Buffer.concat([stringPool(strings), pkg]));
}

const str = (index: number): Value => ({ type: STRING, data: index });
const ref = (id: number): Value => ({ type: REFERENCE, data: id });

describe('resources.arsc string lookup', () => {
  it.each(['dense', 'offset16', 'sparse'] as const)(
    'resolves a default-configuration string in a %s type chunk',
    (layout) => {
      const arsc = table(['1.0', '2.5-beta'], [typeChunk(3, [str(0), null, str(1)], layout)]);
      const strings = readResourceTable(arsc);
      expect(strings(0x7f030002)).toBe('2.5-beta');
      expect(strings(0x7f030000)).toBe('1.0');
      expect(strings(0x7f030001)).toBeNull();
    },
  );

  it('follows a reference and ignores other configurations', () => {
    const arsc = table(
      ['default', 'français'],
      [typeChunk(3, [ref(0x7f030001), str(0)]), typeChunk(3, [null, str(1)], 'dense', 'fr')],
    );
    expect(readResourceTable(arsc)(0x7f030000)).toBe('default');
  });

  it('gives null for a value only a locale has, an unknown type, or a reference loop', () => {
    const arsc = table(
      ['fr only'],
      [
        typeChunk(3, [null]),
        typeChunk(3, [str(0)], 'dense', 'fr'),
        typeChunk(4, [ref(0x7f040000)]),
      ],
    );
    const strings = readResourceTable(arsc);
    expect(strings(0x7f030000)).toBeNull();
    expect(strings(0x7f050000)).toBeNull();
    expect(strings(0x7f040000)).toBeNull();
  });

  it('refuses a chunk whose size runs past its parent', () => {
    const arsc = table(['x'], [typeChunk(3, [str(0)])]);
    arsc.writeUInt32LE(arsc.length * 2, 12 + 4);
    expect(() => readResourceTable(arsc)).toThrow(
      expect.objectContaining({ code: 'MANIFEST_MALFORMED' }) as BuildError,
    );
  });

  it('refuses bytes that are not a resource table', () => {
    expect(() => readResourceTable(Buffer.from('not a table at all'))).toThrow(
      expect.objectContaining({ code: 'MANIFEST_MALFORMED' }) as BuildError,
    );
  });

  it('gives the manifest a versionName written as a string reference', () => {
    const root: XmlElement = {
      namespace: '',
      name: 'manifest',
      attributes: [
        { namespace: '', name: 'package', resourceId: 0, value: { kind: 'string', value: 'a.b' } },
        {
          namespace: ANDROID_NAMESPACE,
          name: 'versionName',
          resourceId: 0x0101021c,
          value: { kind: 'reference', id: 0x7f030000 },
        },
      ],
      children: [],
    };
    const strings = readResourceTable(table(['3.1.4'], [typeChunk(3, [str(0)])]));
    expect(manifestFacts(root, strings).versionName).toBe('3.1.4');
    expect(manifestFacts(root).versionName).toBeNull();
  });
});

describe('resources.arsc of a real APK', () => {
  it("resolves the application label reference of original.apk's manifest", async () => {
    const bytes = readFileSync(join(__dirname, '../fixtures/apk/original.apk'));
    const archive = await openArchive(bufferSource(bytes), DEFAULT_LIMITS);
    try {
      const root = parseBinaryXml(await archive.read('AndroidManifest.xml', 1024 * 1024));
      const label = root.children
        .find((child) => child.name === 'application')
        ?.attributes.find((attribute) => attribute.name === 'label')?.value;
      expect(label?.kind).toBe('reference');
      const strings = readResourceTable(await archive.read('resources.arsc', 1024 * 1024));
      expect(strings(label?.kind === 'reference' ? label.id : 0)).toBe('Tiny App for CTS');
    } finally {
      archive.close();
    }
  });
});
