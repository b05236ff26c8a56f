import protobuf from 'protobufjs';

import { BuildError } from '../errors.js';
import {
  MAX_MANIFEST_DEPTH,
  MAX_MANIFEST_ELEMENTS,
  type AttributeValue,
  type XmlAttribute,
  type XmlElement,
} from './xml-tree.js';

// The subset of aapt2's Resources.proto (package aapt.pb) that a bundle manifest uses.
const SCHEMA = protobuf.Root.fromJSON({
  nested: {
    XmlNode: {
      oneofs: { node: { oneof: ['element', 'text'] } },
      fields: { element: { type: 'XmlElement', id: 1 }, text: { type: 'string', id: 2 } },
    },
    XmlElement: {
      fields: {
        namespaceUri: { type: 'string', id: 2 },
        name: { type: 'string', id: 3 },
        attribute: { rule: 'repeated', type: 'XmlAttribute', id: 4 },
        child: { rule: 'repeated', type: 'XmlNode', id: 5 },
      },
    },
    XmlAttribute: {
      fields: {
        namespaceUri: { type: 'string', id: 1 },
        name: { type: 'string', id: 2 },
        value: { type: 'string', id: 3 },
        resourceId: { type: 'uint32', id: 5 },
        compiledItem: { type: 'Item', id: 6 },
      },
    },
    Item: {
      fields: {
        ref: { type: 'Reference', id: 1 },
        str: { type: 'Str', id: 2 },
        prim: { type: 'Primitive', id: 7 },
      },
    },
    Reference: { fields: { id: { type: 'uint32', id: 2 } } },
    Str: { fields: { value: { type: 'string', id: 1 } } },
    Primitive: {
      oneofs: { value: { oneof: ['intDecimalValue', 'intHexadecimalValue', 'booleanValue'] } },
      fields: {
        intDecimalValue: { type: 'int32', id: 6 },
        intHexadecimalValue: { type: 'uint32', id: 7 },
        booleanValue: { type: 'bool', id: 8 },
      },
    },
  },
});
const XML_NODE = SCHEMA.lookupType('XmlNode');

interface ProtoAttribute {
  namespaceUri?: string;
  name?: string;
  value?: string;
  resourceId?: number;
  compiledItem?: {
    ref?: { id?: number };
    str?: { value?: string };
    prim?: { intDecimalValue?: number; intHexadecimalValue?: number; booleanValue?: boolean };
  };
}
interface ProtoElement {
  namespaceUri?: string;
  name?: string;
  attribute?: ProtoAttribute[];
  child?: { element?: ProtoElement }[];
}

function malformed(what: string): BuildError {
  return new BuildError('MANIFEST_MALFORMED', `base/manifest/AndroidManifest.xml: ${what}`);
}

/** Parses a bundle's protobuf manifest (aapt2 XmlNode) into its root element. */
export function parseProtoManifest(bytes: Uint8Array): XmlElement {
  let node: { element?: ProtoElement };
  try {
    node = XML_NODE.toObject(XML_NODE.decode(bytes));
  } catch {
    throw malformed('expected an aapt2 XmlNode protobuf');
  }
  if (node.element === undefined) throw malformed('expected a root element');
  const counter = { elements: 0 };
  return convert(node.element, 0, counter);
}

function convert(element: ProtoElement, depth: number, counter: { elements: number }): XmlElement {
  if (depth >= MAX_MANIFEST_DEPTH) throw malformed('elements nested too deep');
  if (++counter.elements > MAX_MANIFEST_ELEMENTS) throw malformed('too many elements');
  const children: XmlElement[] = [];
  for (const child of element.child ?? []) {
    if (child.element !== undefined) children.push(convert(child.element, depth + 1, counter));
  }
  return {
    namespace: element.namespaceUri ?? '',
    name: element.name ?? '',
    attributes: (element.attribute ?? []).map(convertAttribute),
    children,
  };
}

function convertAttribute(attribute: ProtoAttribute): XmlAttribute {
  return {
    namespace: attribute.namespaceUri ?? '',
    name: attribute.name ?? '',
    resourceId: attribute.resourceId ?? 0,
    value: valueOf(attribute),
  };
}

function valueOf(attribute: ProtoAttribute): AttributeValue {
  const item = attribute.compiledItem;
  const prim = item?.prim;
  if (prim?.booleanValue !== undefined) return { kind: 'bool', value: prim.booleanValue };
  if (prim?.intDecimalValue !== undefined) return { kind: 'int', value: prim.intDecimalValue };
  if (prim?.intHexadecimalValue !== undefined)
    return { kind: 'int', value: prim.intHexadecimalValue | 0 };
  if (item?.ref !== undefined) return { kind: 'reference', id: item.ref.id ?? 0 };
  if (item?.str?.value !== undefined) return { kind: 'string', value: item.str.value };
  if (item === undefined && attribute.value !== undefined)
    return { kind: 'string', value: attribute.value };
  return { kind: 'other' };
}
