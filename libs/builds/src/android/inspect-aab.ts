import { BuildError } from '../errors.js';
import type { AndroidBuildFacts } from '../facts.js';
import type { BuildLimits } from '../limits.js';
import type { Archive } from '../zip/archive.js';
import { verifyJarSignature } from './jar-signature.js';
import { manifestFacts, versionNameReference } from './manifest-facts.js';
import { parseProtoManifest } from './proto-manifest.js';
import { readProtoResourceTable } from './proto-resources.js';
import type { StringResolver } from './resource-table.js';
import type { XmlElement } from './xml-tree.js';

export const AAB_MANIFEST = 'base/manifest/AndroidManifest.xml';
const AAB_RESOURCES = 'base/resources.pb';

/**
 * An app bundle's facts: the upload key from its JAR signature, which must cover every entry,
 * and the package facts from the protobuf manifest of its base module.
 */
export async function inspectAab(
  archive: Archive,
  limits: BuildLimits,
): Promise<Omit<AndroidBuildFacts, 'fileSha256'>> {
  const root = parseProtoManifest(await archive.read(AAB_MANIFEST, limits.maxMetadataBytes));
  const manifest = manifestFacts(root, await stringsFor(archive, root, limits));

  const jar = await verifyJarSignature(archive, limits);
  if (jar === null)
    throw new BuildError('UNSIGNED', 'app bundle: no JAR signature, so no upload key');

  return {
    platform: 'android',
    format: 'aab',
    ...manifest,
    signingCertificates: jar.signers.map((certificate) => ({
      sha256: certificate.sha256,
      subject: certificate.subject,
      schemes: ['v1'],
    })),
  };
}

/**
 * The base module's resource table, read only when versionName is a reference. As for an APK,
 * a table over the metadata limit leaves versionName unresolved (null).
 */
async function stringsFor(
  archive: Archive,
  root: XmlElement,
  limits: BuildLimits,
): Promise<StringResolver | undefined> {
  const table = archive.entries.get(AAB_RESOURCES);
  if (versionNameReference(root) === null || table === undefined) return undefined;
  if (table.uncompressedSize > limits.maxMetadataBytes) return undefined;
  return readProtoResourceTable(await archive.read(AAB_RESOURCES, limits.maxMetadataBytes));
}
