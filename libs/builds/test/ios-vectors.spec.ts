import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { BuildError } from '../src/errors.js';
import type { IosBuildFacts } from '../src/facts.js';
import { inspectBuild } from '../src/inspect.js';
import { verifyProfile } from '../src/ios/profile.js';

interface ExpectedBundle {
  path: string;
  bundle_id: string;
  version: string;
  build: string;
  team_id: string;
  application_identifier: string;
  get_task_allow: boolean;
  appattest_environment: string | null;
  entitlements: Record<string, unknown>;
  codesign_leaf_cert_sha256: string[];
  profile: { uuid: string; developer_certificates_sha256: string[] };
}
interface VectorEntry {
  file: string;
  kind: string;
  expected: Record<string, unknown> & { bundles?: ExpectedBundle[] };
  expected_verdict: { verdict: 'accept' | 'reject' };
}

const FIXTURES = join(__dirname, 'fixtures');
const index = JSON.parse(readFileSync(join(FIXTURES, 'index.json'), 'utf8')) as {
  entries: VectorEntry[];
};

describe.each(index.entries.filter((e) => e.kind === 'ipa').map((e) => [e.file, e] as const))(
  'accepts %s',
  (file, entry) => {
    it('reports the facts of every bundle from its signed entitlements', async () => {
      expect(entry.expected_verdict.verdict).toBe('accept');
      const facts = (await inspectBuild(join(FIXTURES, file))) as IosBuildFacts;
      const [main, ...nested] = entry.expected.bundles ?? [];
      const actual = [{ ...facts, path: main?.path }, ...facts.nestedBundles];
      expect(actual).toHaveLength(1 + nested.length);

      [main, ...nested].forEach((expected, i) => {
        const bundle = actual[i]!;
        expect(bundle.path).toBe(expected!.path);
        expect(bundle.bundleId).toBe(expected!.bundle_id);
        expect(bundle.version).toBe(expected!.version);
        expect(bundle.buildNumber).toBe(expected!.build);
        expect(bundle.teamId).toBe(expected!.team_id);
        expect(bundle.applicationIdentifier).toBe(expected!.application_identifier);
        expect(bundle.getTaskAllow).toBe(expected!.get_task_allow);
        expect(bundle.appAttestEnvironment).toBe(expected!.appattest_environment);
        expect(bundle.entitlements).toEqual(expected!.entitlements);
        expect([bundle.signingCertificate.sha256]).toEqual(expected!.codesign_leaf_cert_sha256);
        expect(bundle.profile.uuid).toBe(expected!.profile.uuid);
        expect(bundle.profile.developerCertificateSha256).toEqual(
          expected!.profile.developer_certificates_sha256,
        );
        expect(bundle.profile.validAtSigningTime).toBe(true);
      });
    });
  },
);

describe('provisioning profiles', () => {
  const profiles = index.entries.filter((e) => e.kind === 'mobileprovision');
  const read = (file: string): Buffer => readFileSync(join(FIXTURES, file));

  it.each(
    profiles
      .filter((e) => e.expected_verdict.verdict === 'accept')
      .map((e) => [e.file, e] as const),
  )('verifies %s', (file, entry) => {
    const { facts } = verifyProfile(read(file));
    expect(facts.name).toBe(entry.expected['Name']);
    expect(facts.uuid).toBe(entry.expected['UUID']);
    expect(facts.teamIds).toEqual(entry.expected['TeamIdentifier']);
    expect(facts.applicationIdentifier).toBe(entry.expected['application-identifier']);
    expect(facts.getTaskAllow).toBe(entry.expected['get-task-allow']);
    expect(facts.appAttestEnvironments).toEqual(entry.expected['appattest-environment'] ?? []);
    expect(facts.developerCertificateSha256).toEqual(entry.expected['devcert_sha256']);
    expect(facts.provisionedDeviceCount).toBe(entry.expected['num_ProvisionedDevices']);
    expect(facts.expirationDate.replace('T', ' ').slice(0, 19)).toBe(
      entry.expected['ExpirationDate'],
    );
  });

  it('refuses a bare binary plist as unsigned', () => {
    expect(() => verifyProfile(read('provisioning/bplist.mobileprovision'))).toThrow(
      expect.objectContaining({ code: 'UNSIGNED' }) as BuildError,
    );
  });

  it('refuses a truncated plist as malformed', () => {
    expect(() =>
      verifyProfile(read('provisioning/invalid_missing_plist_tag.mobileprovision')),
    ).toThrow(expect.objectContaining({ code: 'PROFILE_MALFORMED' }) as BuildError);
  });

  it('refuses a profile whose signed content was altered', () => {
    const bytes = Buffer.from(read('provisioning/ios_development.mobileprovision'));
    const at = bytes.indexOf('iOS Full Development');
    bytes[at] = 'X'.charCodeAt(0);
    expect(() => verifyProfile(bytes)).toThrow(
      expect.objectContaining({ code: 'DIGEST_MISMATCH' }) as BuildError,
    );
  });
});
