import { BuildError } from '../errors.js';
import {
  MAX_MANIFEST_DEPTH,
  MAX_MANIFEST_ELEMENTS,
  type AttributeValue,
  type XmlAttribute,
  type XmlElement,
} from './xml-tree.js';
import { StringPool } from './axml-strings.js';

// Chunk types of Android's binary XML (ResourceTypes.h).
const RES_XML_TYPE = 0x0003;
const RES_STRING_POOL_TYPE = 0x0001;
const RES_XML_RESOURCE_MAP_TYPE = 0x0180;
const RES_XML_START_ELEMENT_TYPE = 0x0102;
const RES_XML_END_ELEMENT_TYPE = 0x0103;
const CHUNK_HEADER = 8;
const NODE_HEADER = 16;
const ATTRIBUTE_MIN_SIZE = 20;
const NO_INDEX = 0xffffffff;

// Res_value data types.
const TYPE_REFERENCE = 0x01;
const TYPE_STRING = 0x03;
const TYPE_INT_DEC = 0x10;
const TYPE_INT_HEX = 0x11;
const TYPE_INT_BOOLEAN = 0x12;

function malformed(what: string): BuildError {
  return new BuildError('MANIFEST_MALFORMED', `AndroidManifest.xml: ${what}`);
}

/** Parses an APK's compiled AndroidManifest.xml into its root element. */
export function parseBinaryXml(bytes: Buffer): XmlElement {
  if (bytes.length < CHUNK_HEADER || bytes.readUInt16LE(0) !== RES_XML_TYPE) {
    throw malformed('expected a binary XML document');
  }
  const end = Math.min(bytes.readUInt32LE(4), bytes.length);
  const parser = new TreeBuilder();
  let strings: StringPool | undefined;
  let resourceIds: number[] = [];

  for (let at = bytes.readUInt16LE(2); at + CHUNK_HEADER <= end;) {
    const type = bytes.readUInt16LE(at);
    const headerSize = bytes.readUInt16LE(at + 2);
    const size = bytes.readUInt32LE(at + 4);
    if (headerSize < CHUNK_HEADER || size < headerSize || at + size > end) {
      throw malformed(`chunk at ${at} has inconsistent sizes`);
    }
    const chunk = bytes.subarray(at, at + size);
    if (type === RES_STRING_POOL_TYPE && strings === undefined) strings = new StringPool(chunk);
    else if (type === RES_XML_RESOURCE_MAP_TYPE) resourceIds = readResourceMap(chunk, headerSize);
    else if (type === RES_XML_START_ELEMENT_TYPE)
      parser.open(readElement(chunk, headerSize, need(strings), resourceIds));
    else if (type === RES_XML_END_ELEMENT_TYPE) parser.close();
    at += size;
  }
  return parser.root();
}

function need(strings: StringPool | undefined): StringPool {
  if (strings === undefined) throw malformed('element before the string pool');
  return strings;
}

function readResourceMap(chunk: Buffer, headerSize: number): number[] {
  const ids: number[] = [];
  for (let at = headerSize; at + 4 <= chunk.length; at += 4) ids.push(chunk.readUInt32LE(at));
  return ids;
}

function readElement(
  chunk: Buffer,
  headerSize: number,
  strings: StringPool,
  ids: number[],
): XmlElement {
  const ext = Math.max(headerSize, NODE_HEADER);
  if (chunk.length < ext + 20) throw malformed('start element too short');
  const namespace = strings.optional(chunk.readUInt32LE(ext));
  const name = strings.get(chunk.readUInt32LE(ext + 4));
  const attributeStart = chunk.readUInt16LE(ext + 8);
  const attributeSize = chunk.readUInt16LE(ext + 10);
  const attributeCount = chunk.readUInt16LE(ext + 12);
  if (attributeCount > 0 && attributeSize < ATTRIBUTE_MIN_SIZE)
    throw malformed('attribute size too small');
  if (ext + attributeStart + attributeCount * attributeSize > chunk.length) {
    throw malformed(`attributes of <${name}> overrun their chunk`);
  }

  const attributes: XmlAttribute[] = [];
  for (let i = 0; i < attributeCount; i++) {
    const at = ext + attributeStart + i * attributeSize;
    const nameIndex = chunk.readUInt32LE(at + 4);
    attributes.push({
      namespace: strings.optional(chunk.readUInt32LE(at)),
      name: strings.get(nameIndex),
      resourceId: ids[nameIndex] ?? 0,
      value: readValue(chunk, at, strings),
    });
  }
  return { namespace, name, attributes, children: [] };
}

function readValue(chunk: Buffer, at: number, strings: StringPool): AttributeValue {
  const rawValue = chunk.readUInt32LE(at + 8);
  const dataType = chunk.readUInt8(at + 15);
  const data = chunk.readUInt32LE(at + 16);
  switch (dataType) {
    case TYPE_STRING:
      return { kind: 'string', value: strings.get(rawValue !== NO_INDEX ? rawValue : data) };
    case TYPE_INT_DEC:
    case TYPE_INT_HEX:
      return { kind: 'int', value: data | 0 };
    case TYPE_INT_BOOLEAN:
      return { kind: 'bool', value: data !== 0 };
    case TYPE_REFERENCE:
      return { kind: 'reference', id: data };
    default:
      return { kind: 'other' };
  }
}

/** Builds the element tree from start/end events, bounded in size and depth. */
class TreeBuilder {
  private readonly stack: XmlElement[] = [];
  private top: XmlElement | undefined;
  private count = 0;

  open(element: XmlElement): void {
    if (++this.count > MAX_MANIFEST_ELEMENTS) throw malformed('too many elements');
    if (this.stack.length >= MAX_MANIFEST_DEPTH) throw malformed('elements nested too deep');
    const parent = this.stack.at(-1);
    if (parent !== undefined) parent.children.push(element);
    else if (this.top === undefined) this.top = element;
    else throw malformed('more than one root element');
    this.stack.push(element);
  }

  close(): void {
    if (this.stack.pop() === undefined) throw malformed('end element without a start');
  }

  root(): XmlElement {
    if (this.top === undefined) throw malformed('no root element');
    if (this.stack.length !== 0) throw malformed('unclosed elements');
    return this.top;
  }
}
