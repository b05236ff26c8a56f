import { BuildError } from '../errors.js';
import type { AndroidBuildFacts } from '../facts.js';
import type { BuildLimits } from '../limits.js';
import type { Archive } from '../zip/archive.js';
import { verifyJarSignature } from './jar-signature.js';
import { manifestFacts } from './manifest-facts.js';
import { parseProtoManifest } from './proto-manifest.js';

export const AAB_MANIFEST = 'base/manifest/AndroidManifest.xml';

/**
 * An app bundle's facts: the upload key from its JAR signature, which must cover every entry,
 * and the package facts from the protobuf manifest of its base module.
 */
export async function inspectAab(
  archive: Archive,
  limits: BuildLimits,
): Promise<Omit<AndroidBuildFacts, 'fileSha256'>> {
  const manifest = manifestFacts(
    parseProtoManifest(await archive.read(AAB_MANIFEST, limits.maxMetadataBytes)),
  );

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
