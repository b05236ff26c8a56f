import type { AndroidIdentity, IosIdentity } from '../builds/build-identity.js';
import { changesSince, revokedInSubmission } from './changes.js';

const android: AndroidIdentity = {
  platform: 'android',
  packageName: 'com.example.app',
  versionCode: '10',
  versionName: '1.0',
  debuggable: false,
  uploadCertificateSha256: ['aa'.repeat(32)],
  appSigningCertificateSha256: ['aa'.repeat(32)],
};

const ios: IosIdentity = {
  platform: 'ios',
  teamId: 'ABCDE12345',
  bundleId: 'com.example.app',
  version: '1.0',
  buildNumber: '1',
  appAttestEnvironment: 'production',
};

const codes = (list: readonly { code: string }[]) => list.map((c) => c.code);

describe('changes since the last approved build', () => {
  it('says there is nothing to compare the first build with', () => {
    expect(codes(changesSince(null, android))).toEqual(['FIRST_SUBMISSION']);
  });

  it('passes a plain version bump as information only', () => {
    const next = { ...android, versionCode: '4294967306' };
    expect(changesSince(android, next)).toEqual([
      expect.objectContaining({ code: 'VERSION_CHANGED', severity: 'info' }),
    ]);
  });

  it('alerts on a signing certificate phones would newly attest to', () => {
    const next = { ...android, versionCode: '11', appSigningCertificateSha256: ['bb'.repeat(32)] };
    const changes = changesSince(android, next);
    expect(changes).toContainEqual(
      expect.objectContaining({ code: 'NEW_SIGNING_CERTIFICATE', severity: 'alert' }),
    );
    expect(codes(changes)).toContain('SIGNING_CERTIFICATE_DROPPED');
  });

  it('compares version codes as 64-bit numbers, not as text', () => {
    const lower = { ...android, versionCode: '9' };
    expect(codes(changesSince(android, lower))).toContain('VERSION_NOT_INCREASED');
    const higher = { ...android, versionCode: '100' };
    expect(codes(changesSince(android, higher))).not.toContain('VERSION_NOT_INCREASED');
  });

  it('alerts on a debuggable build and a new iOS team id', () => {
    expect(
      codes(changesSince(android, { ...android, debuggable: true, versionCode: '11' })),
    ).toContain('DEBUGGABLE');
    const moved = changesSince(ios, { ...ios, teamId: 'ZZZZZ99999' });
    expect(moved).toContainEqual(
      expect.objectContaining({ code: 'NEW_TEAM_ID', severity: 'alert' }),
    );
  });

  it('warns when an iOS build is not entitled to App Attest', () => {
    const unentitled = { ...ios, appAttestEnvironment: null };
    expect(codes(changesSince(null, unentitled))).toContain('NO_APP_ATTEST_ENTITLEMENT');
  });

  it('alerts on a submission of a revoked version or certificate', () => {
    const revoked = [
      { kind: 'version', value: '10' },
      { kind: 'certificate', value: 'aa'.repeat(32) },
    ];
    expect(codes(revokedInSubmission(android, revoked))).toEqual([
      'REVOKED_VERSION',
      'REVOKED_SIGNING_CERTIFICATE',
    ]);
    expect(revokedInSubmission({ ...android, versionCode: '11' }, revoked.slice(0, 1))).toEqual([]);
  });
});
