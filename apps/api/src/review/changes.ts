import type { AndroidIdentity, BuildIdentity, IosIdentity } from '../builds/build-identity.js';

export type ChangeSeverity = 'alert' | 'warning' | 'info';

export interface Change {
  readonly code: string;
  readonly severity: ChangeSeverity;
  readonly message: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/**
 * What a submission changes against the last approved build of the same app. A new signing
 * certificate or team id is an alert: it is how a stolen or transferred app would look.
 */
export function changesSince(
  previous: BuildIdentity | null,
  next: BuildIdentity,
): readonly Change[] {
  const changes: Change[] = [];
  if (next.platform === 'android' && next.debuggable) {
    changes.push({ code: 'DEBUGGABLE', severity: 'alert', message: 'the build is debuggable' });
  }
  if (next.platform === 'ios' && next.appAttestEnvironment === null) {
    changes.push({
      code: 'NO_APP_ATTEST_ENTITLEMENT',
      severity: 'warning',
      message: 'the executable is not entitled to App Attest: its installations cannot enrol',
    });
  }
  if (previous === null) {
    return [
      ...changes,
      { code: 'FIRST_SUBMISSION', severity: 'info', message: 'no approved build to compare with' },
    ];
  }
  if (previous.platform === 'android' && next.platform === 'android') {
    return [...changes, ...androidChanges(previous, next)];
  }
  if (previous.platform === 'ios' && next.platform === 'ios') {
    return [...changes, ...iosChanges(previous, next)];
  }
  return [...changes, { code: 'PLATFORM_CHANGED', severity: 'alert', message: 'platform differs' }];
}

function androidChanges(previous: AndroidIdentity, next: AndroidIdentity): Change[] {
  const changes: Change[] = [];
  if (previous.packageName !== next.packageName) {
    changes.push(
      changed('PACKAGE_CHANGED', 'alert', 'package name', previous.packageName, next.packageName),
    );
  }
  for (const digest of added(
    previous.appSigningCertificateSha256,
    next.appSigningCertificateSha256,
  )) {
    changes.push({
      code: 'NEW_SIGNING_CERTIFICATE',
      severity: 'alert',
      message: `phones will attest to a signing certificate not approved before: ${digest}`,
      after: digest,
    });
  }
  for (const digest of added(
    next.appSigningCertificateSha256,
    previous.appSigningCertificateSha256,
  )) {
    changes.push({
      code: 'SIGNING_CERTIFICATE_DROPPED',
      severity: 'warning',
      message: `the build no longer carries the approved certificate ${digest}`,
      before: digest,
    });
  }
  for (const digest of added(previous.uploadCertificateSha256, next.uploadCertificateSha256)) {
    changes.push({
      code: 'NEW_UPLOAD_CERTIFICATE',
      severity: 'warning',
      message: `the file is signed by a certificate not seen before: ${digest}`,
      after: digest,
    });
  }
  changes.push(...versionChanges(previous.versionCode, next.versionCode, BigInt));
  return changes;
}

function iosChanges(previous: IosIdentity, next: IosIdentity): Change[] {
  const changes: Change[] = [];
  if (previous.teamId !== next.teamId) {
    changes.push(changed('NEW_TEAM_ID', 'alert', 'team id', previous.teamId, next.teamId));
  }
  if (previous.bundleId !== next.bundleId) {
    changes.push(
      changed('BUNDLE_ID_CHANGED', 'alert', 'bundle id', previous.bundleId, next.bundleId),
    );
  }
  if (previous.appAttestEnvironment !== next.appAttestEnvironment) {
    changes.push(
      changed(
        'APP_ATTEST_ENVIRONMENT_CHANGED',
        'warning',
        'App Attest environment',
        previous.appAttestEnvironment,
        next.appAttestEnvironment,
      ),
    );
  }
  if (previous.version !== next.version || previous.buildNumber !== next.buildNumber) {
    changes.push(
      changed(
        'VERSION_CHANGED',
        'info',
        'version',
        `${previous.version} (${previous.buildNumber})`,
        `${next.version} (${next.buildNumber})`,
      ),
    );
  }
  return changes;
}

function versionChanges(before: string, after: string, parse: (v: string) => bigint): Change[] {
  if (parse(after) <= parse(before)) {
    return [changed('VERSION_NOT_INCREASED', 'warning', 'version code', before, after)];
  }
  return [changed('VERSION_CHANGED', 'info', 'version code', before, after)];
}

function changed(
  code: string,
  severity: ChangeSeverity,
  what: string,
  before: unknown,
  after: unknown,
): Change {
  return {
    code,
    severity,
    message: `${what}: ${String(before)} → ${String(after)}`,
    before,
    after,
  };
}

/** Items of `next` that `previous` lacks. */
function added(previous: readonly string[], next: readonly string[]): string[] {
  return next.filter((item) => !previous.includes(item));
}

/** Alerts for a submission that carries a version or certificate already revoked for the app. */
export function revokedInSubmission(
  next: BuildIdentity,
  revoked: readonly { kind: string; value: string }[],
): Change[] {
  const changes: Change[] = [];
  const version = next.platform === 'android' ? next.versionCode : next.version;
  if (revoked.some((r) => r.kind === 'version' && r.value === version)) {
    changes.push({
      code: 'REVOKED_VERSION',
      severity: 'alert',
      message: `version ${version} is revoked for this app: its installations get no tokens`,
    });
  }
  const certificates = next.platform === 'android' ? next.appSigningCertificateSha256 : [];
  for (const digest of certificates) {
    if (!revoked.some((r) => r.kind === 'certificate' && r.value === digest)) continue;
    changes.push({
      code: 'REVOKED_SIGNING_CERTIFICATE',
      severity: 'alert',
      message: `signing certificate ${digest} is revoked for this app`,
    });
  }
  return changes;
}
