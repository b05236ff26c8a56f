import { BuildError } from '../errors.js';
import type { BuildLimits } from '../limits.js';
import type { ByteSource } from '../zip/byte-source.js';
import type { EndOfCentralDirectory } from '../zip/eocd.js';
import { chunkedDigest } from './content-digest.js';
import { readSigner, type BlockScheme, type BlockSigner } from './scheme-signer.js';
import { signatureAlgorithm, type ContentDigestKind } from './signature-algorithms.js';
import { BLOCK_ID, type SigningBlock } from './signing-block.js';
import { LvReader } from './lv-reader.js';
import { verityDigest } from './verity-digest.js';

export interface BlockSchemes {
  readonly v2: readonly BlockSigner[];
  readonly v3: readonly BlockSigner[];
  readonly v31: readonly BlockSigner[];
}

// Scheme ids used by the v2 stripping-protection attribute.
const STRIPPING_SCHEME_V3 = 3;

/** Verifies every v2, v3 and v3.1 signer in the signing block against the APK's contents. */
export async function verifyBlockSchemes(
  source: ByteSource,
  eocd: EndOfCentralDirectory,
  block: SigningBlock,
  limits: BuildLimits,
): Promise<BlockSchemes> {
  const schemes: BlockSchemes = {
    v2: readSigners(block, BLOCK_ID.v2, 'v2', limits),
    v3: readSigners(block, BLOCK_ID.v3, 'v3', limits),
    v31: readSigners(block, BLOCK_ID.v31, 'v3.1', limits),
  };
  const all = [...schemes.v2, ...schemes.v3, ...schemes.v31];

  await verifyContentDigests(source, eocd, block.offset, all);

  checkSdkRangesDisjoint(schemes.v3, 'v3');
  checkSdkRangesDisjoint(schemes.v31, 'v3.1');
  checkNotStripped(schemes);
  return schemes;
}

function readSigners(
  block: SigningBlock,
  id: number,
  scheme: BlockScheme,
  limits: BuildLimits,
): BlockSigner[] {
  const value = block.pairs.get(id);
  if (value === undefined) return [];
  const reader = new LvReader(value, `APK Signature Scheme ${scheme} block`);
  const records = reader.sequence(limits.maxSigners);
  reader.end();
  if (records.length === 0) {
    throw new BuildError(
      'SIGNATURE_BLOCK_MALFORMED',
      `APK Signature Scheme ${scheme} block: no signers`,
    );
  }
  return records.map((record, index) => readSigner(record, scheme, index, limits));
}

/** Each signer's content digests (chunked and verity) must equal the APK's; one at least. */
async function verifyContentDigests(
  source: ByteSource,
  eocd: EndOfCentralDirectory,
  blockOffset: number,
  signers: readonly BlockSigner[],
): Promise<void> {
  const computed = new Map<ContentDigestKind, Buffer>();
  for (const signer of signers) {
    let checked = 0;
    for (const [id, expected] of signer.digests) {
      const algorithm = signatureAlgorithm(id);
      if (algorithm === undefined) continue;
      let actual = computed.get(algorithm.contentDigest);
      if (actual === undefined) {
        actual = await contentDigest(source, eocd, blockOffset, algorithm.contentDigest);
        computed.set(algorithm.contentDigest, actual);
      }
      if (!actual.equals(expected)) {
        throw new BuildError(
          'DIGEST_MISMATCH',
          `APK Signature Scheme ${signer.scheme}: ${algorithm.contentDigest} content digest does not match the APK`,
        );
      }
      checked++;
    }
    if (checked === 0) {
      throw new BuildError(
        'UNSUPPORTED_SIGNATURE_ALGORITHM',
        `APK Signature Scheme ${signer.scheme}: no content digest of a known algorithm`,
      );
    }
  }
}

function contentDigest(
  source: ByteSource,
  eocd: EndOfCentralDirectory,
  blockOffset: number,
  kind: ContentDigestKind,
): Promise<Buffer> {
  if (kind === 'verity-sha256') return verityDigest(source, eocd, blockOffset);
  return chunkedDigest(source, eocd, blockOffset, kind === 'chunked-sha256' ? 'sha256' : 'sha512');
}

function checkSdkRangesDisjoint(signers: readonly BlockSigner[], scheme: string): void {
  const sorted = [...signers].sort((a, b) => (a.minSdk ?? 0) - (b.minSdk ?? 0));
  for (let i = 1; i < sorted.length; i++) {
    if ((sorted[i]?.minSdk ?? 0) <= (sorted[i - 1]?.maxSdk ?? 0)) {
      throw new BuildError(
        'SIGNATURE_BLOCK_MALFORMED',
        `APK Signature Scheme ${scheme}: signer SDK ranges overlap`,
      );
    }
  }
}

/** A later scheme that an earlier one promises must be there (downgrade protection). */
function checkNotStripped(schemes: BlockSchemes): void {
  const promisesV3 = schemes.v2.some((signer) =>
    signer.alsoSignedWith.includes(STRIPPING_SCHEME_V3),
  );
  if (promisesV3 && schemes.v3.length === 0) {
    throw new BuildError(
      'SIGNATURE_STRIPPED',
      'v2 signer says the APK is also signed with v3, but no v3 block',
    );
  }
  if (schemes.v31.length > 0 && schemes.v3.length === 0) {
    throw new BuildError('SIGNATURE_STRIPPED', 'a v3.1 block requires a v3 block, none found');
  }

  const rotationMinSdk = schemes.v3.find(
    (signer) => signer.rotationMinSdk !== undefined,
  )?.rotationMinSdk;
  if (rotationMinSdk !== undefined && schemes.v31.length === 0) {
    throw new BuildError(
      'SIGNATURE_STRIPPED',
      `v3 signer says a v3.1 block takes over at SDK ${rotationMinSdk}, none found`,
    );
  }
  if (schemes.v31.length > 0) {
    const v31MinSdk = Math.min(...schemes.v31.map((signer) => signer.minSdk ?? 0));
    if (rotationMinSdk !== v31MinSdk) {
      throw new BuildError(
        'SIGNER_MISMATCH',
        `v3.1 signers start at SDK ${v31MinSdk}, the v3 rotation attribute says ${rotationMinSdk ?? 'nothing'}`,
      );
    }
  }
}
