import { createPublicKey, type KeyObject } from 'node:crypto';

import { BuildError } from '../errors.js';
import { parseCertificate, type Certificate } from '../crypto/certificate.js';
import type { BuildLimits } from '../limits.js';
import { verifyLineage, type LineageNode } from './lineage.js';
import { LvReader } from './lv-reader.js';
import { signatureAlgorithm, verifySignature } from './signature-algorithms.js';

export type BlockScheme = 'v2' | 'v3' | 'v3.1';

/** A signer of a v2/v3/v3.1 block whose signature over its signed data verified. */
export interface BlockSigner {
  readonly scheme: BlockScheme;
  readonly certificate: Certificate;
  /** Content digests by algorithm id, still to be compared with the APK's contents. */
  readonly digests: ReadonlyMap<number, Buffer>;
  readonly minSdk?: number;
  readonly maxSdk?: number;
  readonly lineage?: readonly LineageNode[];
  /** v2 stripping protection: the later schemes this signer says the APK also carries. */
  readonly alsoSignedWith: readonly number[];
  /** v3: the SDK from which a v3.1 block takes over (stripping protection for v3.1). */
  readonly rotationMinSdk?: number;
  readonly rotationTargetsDevRelease: boolean;
}

// Additional attribute ids of signed data.
const ATTR_STRIPPING_PROTECTION = 0xbeeff00d;
const ATTR_PROOF_OF_ROTATION = 0x3ba06f8c;
const ATTR_ROTATION_MIN_SDK = 0x559f8b02;
const ATTR_ROTATION_ON_DEV_RELEASE = 0xc2a6b3ba;
const MAX_ATTRIBUTES = 32;

/** Parses one signer record and verifies its signatures over its signed data. */
export function readSigner(
  bytes: Buffer,
  scheme: BlockScheme,
  index: number,
  limits: BuildLimits,
): BlockSigner {
  const what = `APK Signature Scheme ${scheme} signer #${index + 1}`;
  const fail = (
    code:
      | 'SIGNATURE_INVALID'
      | 'NO_CERTIFICATES'
      | 'PUBLIC_KEY_MISMATCH'
      | 'SIGNATURE_BLOCK_MALFORMED'
      | 'UNSUPPORTED_SIGNATURE_ALGORITHM',
    detail: string,
  ): BuildError => new BuildError(code, `${what}: ${detail}`);
  const hasSdkRange = scheme !== 'v2';

  const reader = new LvReader(bytes, what);
  const signedData = reader.lengthPrefixed();
  const outerSdk = hasSdkRange ? { min: reader.u32(), max: reader.u32() } : undefined;
  const signatures = new LvReader(reader.lengthPrefixed(), what);
  const publicKeyBytes = reader.lengthPrefixed();
  reader.end();

  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: publicKeyBytes, format: 'der', type: 'spki' });
  } catch {
    throw fail('SIGNATURE_BLOCK_MALFORMED', 'public key is not a SubjectPublicKeyInfo');
  }

  // Every signature with an algorithm we know must verify; unknown ones are skipped, as the
  // platform does, but at least one must be known.
  const signatureIds: number[] = [];
  let verified = 0;
  for (const record of readSequence(signatures, limits.maxSigners * 4, what)) {
    const item = new LvReader(record, what);
    const id = item.u32();
    const signature = item.lengthPrefixed();
    signatureIds.push(id);
    const algorithm = signatureAlgorithm(id);
    if (algorithm === undefined) continue;
    if (!verifySignature(algorithm, publicKey, signedData, signature)) {
      throw fail(
        'SIGNATURE_INVALID',
        `signature 0x${id.toString(16)} over signed data does not verify`,
      );
    }
    verified++;
  }
  if (signatureIds.length === 0) throw fail('SIGNATURE_BLOCK_MALFORMED', 'no signatures');
  if (verified === 0)
    throw fail('UNSUPPORTED_SIGNATURE_ALGORITHM', 'no signature with a known algorithm');

  const data = new LvReader(signedData, `${what} signed data`);
  const digests = readDigests(data, limits, what);
  const certificates = data.sequence(limits.maxCertificates);
  const innerSdk = hasSdkRange ? { min: data.u32(), max: data.u32() } : undefined;
  const attributes = readAttributes(data, what);
  // Trailing bytes after the attributes are ignored, as the platform does (signers pad here).

  // The digests record must list exactly the algorithms the signatures record does.
  const digestIds = [...digests.keys()].sort((a, b) => a - b);
  if (digestIds.join() !== [...signatureIds].sort((a, b) => a - b).join()) {
    throw fail('SIGNATURE_BLOCK_MALFORMED', 'digest and signature algorithm lists differ');
  }

  const first = certificates[0];
  if (first === undefined) throw fail('NO_CERTIFICATES', 'no certificates');
  const certificate = parseCertificate(first, `${what} certificate`);
  if (!certificate.publicKey.equals(publicKey)) {
    throw fail('PUBLIC_KEY_MISMATCH', 'certificate key differs from the signature record key');
  }

  if (outerSdk && innerSdk && (outerSdk.min !== innerSdk.min || outerSdk.max !== innerSdk.max)) {
    throw fail('SIGNATURE_BLOCK_MALFORMED', 'signed and unsigned SDK ranges differ');
  }
  if (innerSdk && innerSdk.min > innerSdk.max)
    throw fail('SIGNATURE_BLOCK_MALFORMED', 'empty SDK range');

  return {
    scheme,
    certificate,
    digests,
    ...(innerSdk ? { minSdk: innerSdk.min, maxSdk: innerSdk.max } : {}),
    ...signerAttributes(attributes, certificate, scheme, limits, what),
  };
}

function readSequence(reader: LvReader, max: number, what: string): Buffer[] {
  const items: Buffer[] = [];
  while (reader.remaining > 0) {
    if (items.length >= max)
      throw new BuildError('SIGNATURE_BLOCK_MALFORMED', `${what}: too many records`);
    items.push(reader.lengthPrefixed());
  }
  return items;
}

function readDigests(data: LvReader, limits: BuildLimits, what: string): Map<number, Buffer> {
  const digests = new Map<number, Buffer>();
  for (const record of data.sequence(limits.maxSigners * 4)) {
    const item = new LvReader(record, what);
    const id = item.u32();
    if (digests.has(id))
      throw new BuildError('SIGNATURE_BLOCK_MALFORMED', `${what}: digest listed twice`);
    digests.set(id, item.lengthPrefixed());
  }
  return digests;
}

function readAttributes(data: LvReader, what: string): Map<number, Buffer> {
  const attributes = new Map<number, Buffer>();
  for (const record of data.sequence(MAX_ATTRIBUTES)) {
    const item = new LvReader(record, what);
    const id = item.u32();
    if (attributes.has(id))
      throw new BuildError('SIGNATURE_BLOCK_MALFORMED', `${what}: attribute listed twice`);
    attributes.set(id, record.subarray(4));
  }
  return attributes;
}

function signerAttributes(
  attributes: Map<number, Buffer>,
  certificate: Certificate,
  scheme: BlockScheme,
  limits: BuildLimits,
  what: string,
): Pick<
  BlockSigner,
  'lineage' | 'alsoSignedWith' | 'rotationMinSdk' | 'rotationTargetsDevRelease'
> {
  const u32 = (value: Buffer): number => {
    if (value.length !== 4)
      throw new BuildError('SIGNATURE_BLOCK_MALFORMED', `${what}: attribute size`);
    return value.readUInt32LE(0);
  };
  const stripping = attributes.get(ATTR_STRIPPING_PROTECTION);
  const rotationMinSdk = attributes.get(ATTR_ROTATION_MIN_SDK);
  const lineageBytes = scheme === 'v2' ? undefined : attributes.get(ATTR_PROOF_OF_ROTATION);
  const lineage = lineageBytes ? verifyLineage(lineageBytes, limits.maxCertificates) : undefined;

  // The newest lineage certificate must be the one that signed this block.
  if (lineage && lineage.at(-1)?.certificate.sha256 !== certificate.sha256) {
    throw new BuildError(
      'LINEAGE_INVALID',
      `${what}: lineage does not end with the signer's certificate`,
    );
  }
  return {
    alsoSignedWith: stripping && scheme === 'v2' ? [u32(stripping)] : [],
    rotationTargetsDevRelease: attributes.has(ATTR_ROTATION_ON_DEV_RELEASE),
    ...(lineage ? { lineage } : {}),
    ...(rotationMinSdk && scheme === 'v3' ? { rotationMinSdk: u32(rotationMinSdk) } : {}),
  };
}
