import {
  acceptTrustBundle,
  createTesseraVerifier,
  fileTrustStateStore,
  isTrustBundleError,
  MAX_BUNDLE_BYTES,
  readBoundedFile,
  TrustFileError,
  trustStateVersion,
  type TesseraVerifier,
  type TesseraVerifierOptions,
  type TrustBundle,
  type TrustBundleErrorCode,
} from '../../../libs/verifier/src/index.js';
import type { BundleTrustFiles } from './trust.js';

/** Why a bundle file was not taken: the verifier's codes, and three of the sidecar's own. */
export type BundleRefusalCode =
  | TrustBundleErrorCode
  /** The bundle file is missing, unreadable, not a regular file or larger than any bundle. */
  | 'BUNDLE_FILE_UNREADABLE'
  /** TESSERA_ISSUER is set and the bundle names another issuer. */
  | 'BUNDLE_ISSUER_MISMATCH'
  /** The bundle verified but the state file could not be written; it was not taken. */
  | 'TRUST_STATE_UNWRITABLE';

/** A bundle file was refused; `code` names the failed check. */
export class BundleRefusedError extends Error {
  override readonly name = 'BundleRefusedError';

  constructor(
    readonly code: BundleRefusalCode,
    message: string,
  ) {
    super(`trust bundle refused: ${code}: ${message}`);
  }
}

/** Verifier settings other than the keys, the same for every bundle. */
export type VerifierBase = Omit<TesseraVerifierOptions, 'keys' | 'trustBundle'>;

/** A verifier whose keys come from the bundle file, swapped only when a new one is accepted. */
export interface BundleVerifier extends TesseraVerifier {
  /** The bundle in use. */
  bundle(): TrustBundle;
  /** Re-reads the file; throws BundleRefusedError and keeps the current bundle when refused. */
  reload(): TrustBundle;
}

/**
 * Loads the bundle file against the pinned root and the state file, or throws
 * BundleRefusedError: the sidecar does not start on a bundle it must not trust.
 */
export function openBundleVerifier(
  files: BundleTrustFiles,
  base: VerifierBase,
  now: () => Date,
): BundleVerifier {
  let current = loadBundle(files, base, now(), undefined);
  return {
    verifyRequest: (request) => current.verifier.verifyRequest(request),
    bundle: () => current.bundle,
    reload() {
      current = loadBundle(files, base, now(), current.state);
      return current.bundle;
    },
  };
}

interface Loaded {
  readonly bundle: TrustBundle;
  readonly verifier: TesseraVerifier;
  /** The trust state after this load, as written to the state file. */
  readonly state: string;
}

/**
 * One load: read the file, check it (signatures, rollback, expiry), build the verifier, and
 * only then record the new state, so a bundle refused at any step leaves the state as it was.
 *
 * On a reload the floor is the higher of the state this process accepted last and the file:
 * a state file deleted or swapped for an older copy while the sidecar runs must not let an old
 * bundle back in, and a newer one (another sidecar sharing the file) must not be written over
 * with an older. At start the file is all there is.
 */
function loadBundle(
  files: BundleTrustFiles,
  base: VerifierBase,
  now: Date,
  held: string | undefined,
): Loaded {
  const text = readBundleFile(files.bundleFile);
  const store = fileTrustStateStore(files.stateFile);

  let onDisk: string | undefined;
  let accepted: ReturnType<typeof acceptTrustBundle>;
  try {
    onDisk = store.read();
    accepted = acceptTrustBundle(text, {
      rootPublicKey: files.rootPublicKey,
      now,
      state: higherState(held, onDisk),
    });
  } catch (error) {
    throw isTrustBundleError(error) ? new BundleRefusedError(error.code, error.message) : error;
  }

  const bundle = accepted.bundle;
  if (base.issuer !== undefined && base.issuer !== bundle.issuer) {
    throw new BundleRefusedError(
      'BUNDLE_ISSUER_MISMATCH',
      `the bundle's issuer ${bundle.issuer} is not TESSERA_ISSUER ${base.issuer}`,
    );
  }
  const verifier = createTesseraVerifier({ ...base, trustBundle: bundle });

  if (accepted.state !== onDisk) {
    try {
      store.write(accepted.state);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'write failed';
      throw new BundleRefusedError('TRUST_STATE_UNWRITABLE', `${files.stateFile}: ${reason}`);
    }
  }
  return { bundle, verifier, state: accepted.state };
}

/** Of two stored states, the one recording the higher bundle version. */
function higherState(held: string | undefined, onDisk: string | undefined): string | undefined {
  if (held === undefined || onDisk === undefined) return held ?? onDisk;
  return trustStateVersion(onDisk) >= trustStateVersion(held) ? onDisk : held;
}

/** A bundle is at most MAX_BUNDLE_BYTES characters, so at most 4 bytes each in UTF-8. */
const MAX_BUNDLE_FILE_BYTES = MAX_BUNDLE_BYTES * 4;

function readBundleFile(path: string): string {
  try {
    return readBoundedFile(path, MAX_BUNDLE_FILE_BYTES);
  } catch (error) {
    if (!(error instanceof TrustFileError)) throw error;
    const reason =
      error.problem === 'ENOTREG'
        ? 'is not a regular file'
        : error.problem === 'EFBIG'
          ? 'is larger than any bundle'
          : error.problem;
    throw new BundleRefusedError('BUNDLE_FILE_UNREADABLE', `${path}: ${reason}`);
  }
}
