import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { BuildError, type BuildErrorCode } from '../src/errors.js';
import type { AndroidBuildFacts } from '../src/facts.js';
import { inspectBuild } from '../src/inspect.js';

interface ExpectedSigner {
  cert_sha256: string | null;
}
interface VectorEntry {
  file: string;
  kind: string;
  expected: {
    package?: string;
    versionCode?: number;
    longVersionCode?: number;
    versionName?: string;
    minSdk?: number;
    targetSdk?: number | null;
    debuggable?: boolean;
    signers?: Record<string, (string | (ExpectedSigner & { lineage_sha256?: string[] }))[]>;
    upload_cert_sha256?: string[] | null;
  };
  expected_verdict: { verdict: 'accept' | 'reject'; reason: string };
}

const FIXTURES = join(__dirname, 'fixtures');
const index = JSON.parse(readFileSync(join(FIXTURES, 'index.json'), 'utf8')) as {
  entries: VectorEntry[];
};
const android = index.entries.filter((entry) => entry.kind === 'apk' || entry.kind === 'aab');

/** The refusal each rejected vector must get, matching the reason index.json states. */
const REFUSALS: Record<string, BuildErrorCode> = {
  'apk/empty-unsigned.apk': 'MANIFEST_MISSING',
  'apk/golden-aligned-in.apk': 'UNSIGNED',
  'apk/incorrect-manifest-size.apk': 'ARCHIVE_MALFORMED',
  'apk/two-signers-second-signer-v2-broken.apk': 'SIGNATURE_INVALID',
  'apk/v1-ec-p256-targetSdk-30.apk': 'SIGNATURE_SCHEME_TOO_OLD',
  'apk/v1-only-with-signed-attrs-wrong-signature.apk': 'SIGNATURE_INVALID',
  'apk/v1v2v3-with-rsa-2048-lineage-3-signers-invalid-zip.apk': 'ARCHIVE_MALFORMED',
  'apk/v2-only-cert-and-public-key-mismatch.apk': 'PUBLIC_KEY_MISMATCH',
  'apk/v2-only-with-ecdsa-sha256-p256-sig-does-not-verify.apk': 'SIGNATURE_INVALID',
  'apk/v2-only-with-rsa-pkcs1-sha512-4096-digest-mismatch.apk': 'DIGEST_MISMATCH',
  'apk/v2-stripped.apk': 'SIGNATURE_STRIPPED',
  'apk/v3-only-no-certs-in-sig.apk': 'NO_CERTIFICATES',
  'apk/v3-stripped.apk': 'SIGNATURE_STRIPPED',
  'apk/v31-2elem-incorrect-lineage.apk': 'LINEAGE_INVALID',
  'apk/v31-block-stripped-v3-attr-value-33.apk': 'SIGNATURE_STRIPPED',
  'apk/v31-tgt-33-no-v3-block.apk': 'SIGNATURE_STRIPPED',
  'apk/v31-tgt-34-v3-attr-value-33.apk': 'SIGNER_MISMATCH',
  'aab/ondemand-min-signed-rsa2048-tampered.aab': 'DIGEST_MISMATCH',
  'aab/ondemand-min-unsigned.aab': 'UNSIGNED',
};

function digestsFor(facts: AndroidBuildFacts, scheme: string): string[] {
  return facts.signingCertificates
    .filter((certificate) => (certificate.schemes as readonly string[]).includes(scheme))
    .map((certificate) => certificate.sha256)
    .sort();
}

function expectedDigests(signers: (string | ExpectedSigner)[] | undefined): string[] {
  return (signers ?? []).map((s) => (typeof s === 'string' ? s : (s.cert_sha256 ?? ''))).sort();
}

describe('Android build vectors (index.json)', () => {
  it('names a refusal for every rejected vector and none for accepted ones', () => {
    for (const entry of android) {
      expect([entry.file, entry.file in REFUSALS]).toEqual([
        entry.file,
        entry.expected_verdict.verdict === 'reject',
      ]);
    }
  });

  describe.each(
    android.filter((e) => e.expected_verdict.verdict === 'accept').map((e) => [e.file, e] as const),
  )('accepts %s', (file, entry) => {
    let facts: AndroidBuildFacts;
    beforeAll(async () => {
      facts = (await inspectBuild(join(FIXTURES, file))) as AndroidBuildFacts;
    });

    it('reports the manifest facts', () => {
      const { expected } = entry;
      expect(facts.platform).toBe('android');
      expect(facts.format).toBe(entry.kind);
      expect(facts.packageName).toBe(expected.package);
      expect(facts.versionCode).toBe(String(expected.longVersionCode ?? expected.versionCode));
      expect(facts.versionName).toBe(expected.versionName);
      if (entry.kind === 'apk') {
        expect(facts.minSdk).toBe(expected.minSdk);
        expect(facts.targetSdk).toBe(expected.targetSdk);
        expect(facts.debuggable).toBe(expected.debuggable);
      }
    });

    it('reports the verified signing certificates of every scheme', () => {
      if (entry.kind === 'aab') {
        expect(digestsFor(facts, 'v1')).toEqual(
          [...(entry.expected.upload_cert_sha256 ?? [])].sort(),
        );
        return;
      }
      for (const scheme of ['v1', 'v2', 'v3', 'v3.1']) {
        expect([scheme, digestsFor(facts, scheme)]).toEqual([
          scheme,
          expectedDigests(entry.expected.signers?.[scheme]),
        ]);
      }
    });

    it('reports the verified rotation lineage', () => {
      const signers = [
        ...(entry.expected.signers?.['v3'] ?? []),
        ...(entry.expected.signers?.['v3.1'] ?? []),
      ];
      const lineages = signers
        .map((s) => (typeof s === 'string' ? undefined : s.lineage_sha256))
        .filter(Boolean);
      const longest = lineages.sort((a, b) => (b?.length ?? 0) - (a?.length ?? 0))[0];
      expect(facts.lineage?.map((node) => node.sha256)).toEqual(longest);
    });
  });

  it.each(
    android.filter((e) => e.expected_verdict.verdict === 'reject').map((e) => [e.file] as const),
  )('refuses %s', async (file) => {
    const error = await inspectBuild(join(FIXTURES, file)).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).code).toBe(REFUSALS[file]);
  });
});
