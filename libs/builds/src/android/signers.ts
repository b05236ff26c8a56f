import { BuildError } from '../errors.js';
import type { Certificate } from '../crypto/certificate.js';
import type { LineageCertificateFacts, SigningCertificateFacts, SigningScheme } from '../facts.js';
import type { BlockSchemes } from './block-schemes.js';
import type { JarSignature } from './jar-signature.js';
import type { BlockSigner } from './scheme-signer.js';

// Scheme ids in X-Android-APK-Signed.
const APK_SIGNED_V2 = 2;
const APK_SIGNED_V3 = 3;
/** From Android 11 (API 30) apps must carry v2 or later. */
const MIN_TARGET_SDK_NEEDING_V2 = 30;

/** Cross-checks the schemes against each other and the manifest; refuses a downgrade. */
export function checkSchemesAgree(
  jar: JarSignature | null,
  blocks: BlockSchemes,
  targetSdk: number | string | null,
): void {
  if (jar === null && blocks.v2.length === 0 && blocks.v3.length === 0) {
    throw new BuildError(
      'UNSIGNED',
      'APK: no JAR signature and no APK Signature Scheme v2/v3 block',
    );
  }

  // The JAR signature names the later schemes it was made alongside (stripping protection).
  if (jar?.androidApkSigned.includes(APK_SIGNED_V2) && blocks.v2.length === 0) {
    throw new BuildError(
      'SIGNATURE_STRIPPED',
      'JAR signature says the APK is signed with v2, no v2 block found',
    );
  }
  if (jar?.androidApkSigned.includes(APK_SIGNED_V3) && blocks.v3.length === 0) {
    throw new BuildError(
      'SIGNATURE_STRIPPED',
      'JAR signature says the APK is signed with v3, no v3 block found',
    );
  }

  if (typeof targetSdk === 'number' && targetSdk >= MIN_TARGET_SDK_NEEDING_V2) {
    if (blocks.v2.length === 0 && blocks.v3.length === 0) {
      throw new BuildError(
        'SIGNATURE_SCHEME_TOO_OLD',
        `targetSdk ${targetSdk} requires APK Signature Scheme v2 or later`,
      );
    }
  }

  if (
    jar !== null &&
    blocks.v2.length > 0 &&
    !sameSet(
      jar.signers,
      blocks.v2.map((s) => s.certificate),
    )
  ) {
    throw new BuildError(
      'SIGNER_MISMATCH',
      'JAR signers differ from APK Signature Scheme v2 signers',
    );
  }
  checkRotatedFrom(
    blocks.v3,
    blocks.v2.map((s) => s.certificate),
    'v3',
    'v2',
  );
  checkRotatedFrom(
    blocks.v31,
    blocks.v3.map((s) => s.certificate),
    'v3.1',
    'v3',
  );
}

function sameSet(a: readonly Certificate[], b: readonly Certificate[]): boolean {
  const left = new Set(a.map((c) => c.sha256));
  const right = new Set(b.map((c) => c.sha256));
  return left.size === right.size && [...left].every((sha) => right.has(sha));
}

/** A later scheme's signer is an earlier one's, or rotated from one by its verified lineage. */
function checkRotatedFrom(
  later: readonly BlockSigner[],
  earlier: readonly Certificate[],
  laterName: string,
  earlierName: string,
): void {
  if (earlier.length !== 1) return;
  const [origin] = earlier;
  for (const signer of later) {
    const known = [signer.certificate, ...(signer.lineage ?? []).map((node) => node.certificate)];
    if (!known.some((certificate) => certificate.sha256 === origin?.sha256)) {
      throw new BuildError(
        'SIGNER_MISMATCH',
        `${laterName} signer is neither the ${earlierName} signer nor rotated from it`,
      );
    }
  }
}

/** Merges the verified signers of every scheme into one list of certificates. */
export function signingCertificateFacts(
  jar: JarSignature | null,
  blocks: BlockSchemes,
): SigningCertificateFacts[] {
  const byDigest = new Map<
    string,
    {
      subject: string;
      schemes: SigningScheme[];
      sdkRanges: NonNullable<SigningCertificateFacts['sdkRanges']>[number][];
    }
  >();
  const add = (certificate: Certificate, scheme: SigningScheme, signer?: BlockSigner): void => {
    const entry = byDigest.get(certificate.sha256) ?? {
      subject: certificate.subject,
      schemes: [],
      sdkRanges: [],
    };
    if (!entry.schemes.includes(scheme)) entry.schemes.push(scheme);
    if (
      signer?.minSdk !== undefined &&
      signer.maxSdk !== undefined &&
      scheme !== 'v1' &&
      scheme !== 'v2'
    ) {
      entry.sdkRanges.push({ scheme, minSdk: signer.minSdk, maxSdk: signer.maxSdk });
    }
    byDigest.set(certificate.sha256, entry);
  };
  for (const certificate of jar?.signers ?? []) add(certificate, 'v1');
  for (const signer of blocks.v2) add(signer.certificate, 'v2');
  for (const signer of blocks.v3) add(signer.certificate, 'v3', signer);
  for (const signer of blocks.v31) add(signer.certificate, 'v3.1', signer);

  return [...byDigest].map(([sha256, entry]) => ({
    sha256,
    subject: entry.subject,
    schemes: entry.schemes,
    ...(entry.sdkRanges.length > 0 ? { sdkRanges: entry.sdkRanges } : {}),
  }));
}

export function lineageFacts(blocks: BlockSchemes): LineageCertificateFacts[] | undefined {
  const lineages = [...blocks.v3, ...blocks.v31].map((signer) => signer.lineage ?? []);
  const longest = lineages.reduce((best, next) => (next.length > best.length ? next : best), []);
  if (longest.length === 0) return undefined;
  return longest.map((node) => ({
    sha256: node.certificate.sha256,
    subject: node.certificate.subject,
    flags: node.flags,
  }));
}
