/** Largest trust bundle accepted, in characters (32 keys take about 8 KiB). */
export const MAX_BUNDLE_BYTES = 65_536;

/** Highest bundle version: 2^31 - 1 leaves room for one release a second for 68 years. */
export const MAX_BUNDLE_VERSION = 2_147_483_647;

/** Most token-signing keys one bundle may list. */
export const MAX_BUNDLE_KEYS = 32;

/** Most signatures one bundle may carry (a root rotation needs two). */
export const MAX_BUNDLE_SIGNATURES = 4;

/** Most root rotations a site's state may record. */
export const MAX_ROOT_TRANSITIONS = 16;

/** Deepest JSON nesting in a bundle: document > signatures > entry > header. */
export const MAX_BUNDLE_JSON_DEPTH = 4;

/** Longest `issuer` or `kid`, in characters. */
export const MAX_BUNDLE_TEXT_LENGTH = 512;

/** How far ahead of this machine's clock a bundle's `issuedAt` may be. */
export const BUNDLE_ISSUED_AT_SKEW_MS = 5 * 60 * 1000;

/**
 * Largest trust state: each root hand-over is kept as its whole bundle (ASCII, at most twice
 * as long once escaped in JSON), plus room for the rest. Files are read with this cap.
 */
export const MAX_TRUST_STATE_BYTES = (MAX_ROOT_TRANSITIONS + 1) * MAX_BUNDLE_BYTES * 2;
