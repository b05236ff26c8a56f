import { BuildError } from '../errors.js';
import type { AndroidBuildFacts } from '../facts.js';
import type { BuildLimits } from '../limits.js';
import type { Archive } from '../zip/archive.js';
import { parseBinaryXml } from './axml.js';
import { verifyBlockSchemes, type BlockSchemes } from './block-schemes.js';
import { verifyJarSignature } from './jar-signature.js';
import { manifestFacts, versionNameReference } from './manifest-facts.js';
import { readResourceTable, type StringResolver } from './resource-table.js';
import type { XmlElement } from './xml-tree.js';
import { checkSchemesAgree, lineageFacts, signingCertificateFacts } from './signers.js';
import { BLOCK_ID, readSigningBlock } from './signing-block.js';

export const APK_MANIFEST = 'AndroidManifest.xml';
const RESOURCE_TABLE = 'resources.arsc';
const NO_BLOCKS: BlockSchemes = { v2: [], v3: [], v31: [] };

/** Verifies every signature scheme an APK carries and reads its manifest facts. */
export async function inspectApk(
  archive: Archive,
  limits: BuildLimits,
): Promise<Omit<AndroidBuildFacts, 'fileSha256'>> {
  const root = parseBinaryXml(await archive.read(APK_MANIFEST, limits.maxMetadataBytes));
  const manifest = manifestFacts(root, await stringsFor(archive, root, limits));

  const block = await readSigningBlock(archive.source, archive.eocd, limits);
  const hasSchemeBlock =
    block !== null && [BLOCK_ID.v2, BLOCK_ID.v3, BLOCK_ID.v31].some((id) => block.pairs.has(id));

  // v2+ digests cover only the bytes before the signing block; no entry may reach into it.
  if (block !== null) {
    for (const entry of archive.entries.values()) {
      if (entry.dataEnd > block.offset) {
        throw new BuildError(
          'ARCHIVE_MALFORMED',
          `entry ${JSON.stringify(entry.name)} overlaps the APK Signing Block`,
        );
      }
    }
  }

  const blocks = hasSchemeBlock
    ? await verifyBlockSchemes(archive.source, archive.eocd, block, limits)
    : NO_BLOCKS;
  const jar = await verifyJarSignature(archive, limits);
  checkSchemesAgree(jar, blocks, manifest.targetSdk);

  const lineage = lineageFacts(blocks);
  return {
    platform: 'android',
    format: 'apk',
    ...manifest,
    signingCertificates: signingCertificateFacts(jar, blocks),
    ...(lineage ? { lineage } : {}),
  };
}

/**
 * The resource table, read only when versionName is a reference. A table over the metadata
 * limit leaves versionName unresolved (null) rather than refusing the build over it.
 */
async function stringsFor(
  archive: Archive,
  root: XmlElement,
  limits: BuildLimits,
): Promise<StringResolver | undefined> {
  const table = archive.entries.get(RESOURCE_TABLE);
  if (versionNameReference(root) === null || table === undefined) return undefined;
  if (table.uncompressedSize > limits.maxMetadataBytes) return undefined;
  return readResourceTable(await archive.read(RESOURCE_TABLE, limits.maxMetadataBytes));
}
