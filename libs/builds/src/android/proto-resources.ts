import protobuf from 'protobufjs';

import { BuildError } from '../errors.js';
import type { StringResolver } from './resource-table.js';

// The subset of aapt2's Resources.proto (package aapt.pb) that string lookups need. The
// configuration stays raw bytes: proto3 writes nothing for the default configuration.
const SCHEMA = protobuf.Root.fromJSON({
  nested: {
    ResourceTable: { fields: { package: { rule: 'repeated', type: 'Package', id: 2 } } },
    Id: { fields: { id: { type: 'uint32', id: 1 } } },
    Package: {
      fields: {
        packageId: { type: 'Id', id: 1 },
        type: { rule: 'repeated', type: 'Type', id: 3 },
      },
    },
    Type: {
      fields: { typeId: { type: 'Id', id: 1 }, entry: { rule: 'repeated', type: 'Entry', id: 3 } },
    },
    Entry: {
      fields: {
        entryId: { type: 'Id', id: 1 },
        configValue: { rule: 'repeated', type: 'ConfigValue', id: 6 },
      },
    },
    ConfigValue: { fields: { config: { type: 'bytes', id: 1 }, value: { type: 'Value', id: 2 } } },
    Value: { fields: { item: { type: 'Item', id: 4 } } },
    Item: {
      fields: {
        ref: { type: 'Reference', id: 1 },
        str: { type: 'Text', id: 2 },
        rawStr: { type: 'Text', id: 3 },
        styledStr: { type: 'Text', id: 4 },
      },
    },
    Reference: { fields: { id: { type: 'uint32', id: 2 } } },
    Text: { fields: { value: { type: 'string', id: 1 } } },
  },
});
const RESOURCE_TABLE = SCHEMA.lookupType('ResourceTable');

/** Most resource entries kept from one table, and how many references are followed. */
export const MAX_PROTO_RESOURCE_ENTRIES = 200_000;
const MAX_REFERENCE_DEPTH = 8;

interface ProtoItem {
  ref?: { id?: number };
  str?: { value?: string };
  rawStr?: { value?: string };
  styledStr?: { value?: string };
}
interface ProtoTable {
  package?: {
    packageId?: { id?: number };
    type?: {
      typeId?: { id?: number };
      entry?: {
        entryId?: { id?: number };
        configValue?: { config?: Uint8Array; value?: { item?: ProtoItem } }[];
      }[];
    }[];
  }[];
}

function malformed(what: string): BuildError {
  return new BuildError('MANIFEST_MALFORMED', `base/resources.pb: ${what}`);
}

/** Reads an app bundle's protobuf resource table (aapt2 ResourceTable), default values only. */
export function readProtoResourceTable(bytes: Uint8Array): StringResolver {
  let table: ProtoTable;
  try {
    table = RESOURCE_TABLE.toObject(RESOURCE_TABLE.decode(bytes));
  } catch {
    throw malformed('expected an aapt2 ResourceTable protobuf');
  }

  const items = new Map<number, ProtoItem>();
  for (const pkg of table.package ?? []) {
    const packageId = pkg.packageId?.id ?? 0;
    if (packageId > 0xff) throw malformed('package id out of range');
    for (const type of pkg.type ?? []) {
      const typeId = type.typeId?.id ?? 0;
      if (typeId === 0 || typeId > 0xff) throw malformed('type id out of range');
      for (const entry of type.entry ?? []) {
        const entryId = entry.entryId?.id ?? 0;
        if (entryId > 0xffff) throw malformed('entry id out of range');
        const id = ((packageId << 24) | (typeId << 16) | entryId) >>> 0;
        const item = defaultItem(entry.configValue ?? [], id);
        if (item === undefined) continue;
        if (items.has(id)) throw malformed(`resource 0x${id.toString(16)} is defined twice`);
        if (items.size >= MAX_PROTO_RESOURCE_ENTRIES)
          throw malformed(`more than ${MAX_PROTO_RESOURCE_ENTRIES} resources`);
        items.set(id, item);
      }
    }
  }

  const resolve = (id: number, depth: number): string | null => {
    const item = items.get(id >>> 0);
    if (item === undefined) return null;
    const text = item.str ?? item.rawStr ?? item.styledStr;
    if (text !== undefined) return text.value ?? '';
    if (item.ref?.id !== undefined && depth < MAX_REFERENCE_DEPTH)
      return resolve(item.ref.id, depth + 1);
    return null;
  };
  return (id) => resolve(id, 0);
}

/** The item of the default configuration (an empty configuration message), if any. */
function defaultItem(
  values: { config?: Uint8Array; value?: { item?: ProtoItem } }[],
  id: number,
): ProtoItem | undefined {
  const defaults = values.filter((value) => (value.config?.length ?? 0) === 0);
  if (defaults.length > 1)
    throw malformed(`resource 0x${id.toString(16)} has two default configurations`);
  return defaults[0]?.value?.item;
}
