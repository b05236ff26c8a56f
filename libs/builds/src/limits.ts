/** Bounds on what one build may make us read, inflate or parse. Each can be overridden. */
export interface BuildLimits {
  /** Largest archive file accepted, in bytes. */
  maxArchiveBytes: number;
  /** Most entries in the central directory. */
  maxEntries: number;
  /** Largest declared uncompressed size of one entry. */
  maxEntryBytes: number;
  /** Largest sum of declared uncompressed sizes over all entries. */
  maxTotalUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio of an entry bigger than `ratioCheckFromBytes`. */
  maxCompressionRatio: number;
  /** Entries smaller than this are exempt from the ratio check (tiny files compress well). */
  ratioCheckFromBytes: number;
  /** Largest metadata entry read whole into memory (manifests, signatures, plists). */
  maxMetadataBytes: number;
  /** Largest APK Signing Block. */
  maxSigningBlockBytes: number;
  /** Most signers in one signature scheme block, and most certificates per signer. */
  maxSigners: number;
  /** Most certificates in one signer or lineage. */
  maxCertificates: number;
  /** Largest Mach-O executable read for its code signature. */
  maxExecutableBytes: number;
}

export const DEFAULT_LIMITS: Readonly<BuildLimits> = Object.freeze({
  maxArchiveBytes: 4 * 1024 ** 3,
  maxEntries: 100_000,
  maxEntryBytes: 2 * 1024 ** 3,
  maxTotalUncompressedBytes: 8 * 1024 ** 3,
  maxCompressionRatio: 200,
  ratioCheckFromBytes: 1024 * 1024,
  maxMetadataBytes: 16 * 1024 * 1024,
  maxSigningBlockBytes: 16 * 1024 * 1024,
  maxSigners: 10,
  maxCertificates: 16,
  maxExecutableBytes: 512 * 1024 * 1024,
});

export function resolveLimits(overrides: Partial<BuildLimits> | undefined): BuildLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new TypeError(`limit ${name} must be a positive safe integer`);
    }
  }
  return limits;
}
