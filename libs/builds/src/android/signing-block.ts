import { BuildError } from '../errors.js';
import type { BuildLimits } from '../limits.js';
import type { ByteSource } from '../zip/byte-source.js';
import type { EndOfCentralDirectory } from '../zip/eocd.js';

/** Block ids in the APK Signing Block (source.android.com, APK Signature Scheme v2/v3/v3.1). */
export const BLOCK_ID = {
  v2: 0x7109871a,
  v3: 0xf05368c0,
  v31: 0x1b93ad61,
  verityPadding: 0x42726577,
  stampV1: 0x2b09189e,
  stampV2: 0x6dff800d,
} as const;

export interface SigningBlock {
  /** Offset of the block's first byte: the end of the zip entries that v2+ digests cover. */
  readonly offset: number;
  readonly pairs: ReadonlyMap<number, Buffer>;
}

const MAGIC = Buffer.from('APK Sig Block 42', 'ascii');
const FOOTER_LENGTH = 24;
const MIN_BLOCK_LENGTH = 32;
const MAX_PAIRS = 64;
const SCHEME_IDS: readonly number[] = [BLOCK_ID.v2, BLOCK_ID.v3, BLOCK_ID.v31];

function malformed(detail: string): BuildError {
  return new BuildError('SIGNATURE_BLOCK_MALFORMED', `APK Signing Block: ${detail}`);
}

/** Finds the block just before the central directory; null when the APK has none. */
export async function readSigningBlock(
  source: ByteSource,
  eocd: EndOfCentralDirectory,
  limits: BuildLimits,
): Promise<SigningBlock | null> {
  if (eocd.cdOffset < FOOTER_LENGTH) return null;
  const footer = await source.read(eocd.cdOffset - FOOTER_LENGTH, FOOTER_LENGTH);
  if (!footer.subarray(8).equals(MAGIC)) return null;

  // Android does not look for the block in a zip64 archive, and the v2+ digests would leave the
  // zip64 end records unprotected.
  if (eocd.zip64RecordOffset !== null) throw malformed('not allowed in a zip64 archive');

  // The size appears twice, before the pairs and in the footer; both must agree and fit.
  const size = footer.readBigUInt64LE(0);
  if (size < BigInt(MIN_BLOCK_LENGTH) || size > BigInt(limits.maxSigningBlockBytes)) {
    throw malformed(`size ${size} outside ${MIN_BLOCK_LENGTH}..${limits.maxSigningBlockBytes}`);
  }
  const offset = eocd.cdOffset - Number(size) - 8;
  if (offset < 0) throw malformed('size reaches before the start of the file');
  const block = await source.read(offset, Number(size) + 8);
  if (block.readBigUInt64LE(0) !== size) throw malformed('the two size fields differ');

  return { offset, pairs: readPairs(block.subarray(8, block.length - FOOTER_LENGTH)) };
}

function readPairs(bytes: Buffer): Map<number, Buffer> {
  const pairs = new Map<number, Buffer>();
  for (let at = 0; at < bytes.length;) {
    if (at + 12 > bytes.length) throw malformed('truncated id-value pair');
    const length = bytes.readBigUInt64LE(at);
    if (length < 4n || length > BigInt(bytes.length - at - 8)) {
      throw malformed(`pair at ${at} has a length outside the block`);
    }
    const id = bytes.readUInt32LE(at + 8);
    const value = bytes.subarray(at + 12, at + 8 + Number(length));
    if (pairs.size >= MAX_PAIRS) throw malformed(`more than ${MAX_PAIRS} pairs`);
    if (pairs.has(id) && SCHEME_IDS.includes(id))
      throw malformed(`block 0x${id.toString(16)} appears twice`);
    if (!pairs.has(id)) pairs.set(id, value);
    at += 8 + Number(length);
  }
  return pairs;
}
