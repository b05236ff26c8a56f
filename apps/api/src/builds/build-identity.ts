import type { BuildFacts } from '../../../../libs/builds/src/index.js';
import { ServiceError } from '../common/service-error.js';
import type { AppEntity } from '../registry/app.entity.js';

export interface AndroidIdentity {
  readonly platform: 'android';
  readonly packageName: string;
  readonly versionCode: string;
  readonly versionName: string | null;
  readonly debuggable: boolean;
  /** Certificates that signed the file itself (for an AAB: the upload key). */
  readonly uploadCertificateSha256: readonly string[];
  /** Certificates phones will attest to: what approval adds to the app. */
  readonly appSigningCertificateSha256: readonly string[];
}

export interface IosIdentity {
  readonly platform: 'ios';
  readonly teamId: string;
  readonly bundleId: string;
  readonly version: string;
  readonly buildNumber: string;
  readonly appAttestEnvironment: 'development' | 'production' | null;
}

export type BuildIdentity = AndroidIdentity | IosIdentity;

/**
 * What attestation will check, from the verified facts and the partner's declaration. An AAB
 * carries only the upload certificate: Google re-signs what it delivers, so phones attest to
 * the declared Play App Signing certificate, which is required. An APK's own signers count,
 * plus the declared certificate when Google re-signs the app.
 */
export function buildIdentity(facts: BuildFacts, declaredAppSigning: string | null): BuildIdentity {
  if (facts.platform === 'ios') {
    return {
      platform: 'ios',
      teamId: facts.teamId,
      bundleId: facts.bundleId,
      version: facts.version,
      buildNumber: facts.buildNumber,
      appAttestEnvironment: facts.appAttestEnvironment,
    };
  }
  const fileCertificates = facts.signingCertificates.map((certificate) => certificate.sha256);
  if (facts.format === 'aab' && declaredAppSigning === null) {
    throw new ServiceError(
      'APP_SIGNING_CERTIFICATE_REQUIRED',
      'appSigningCertificateSha256: an AAB needs the Play App Signing certificate digest',
    );
  }
  const attested = facts.format === 'aab' ? [] : fileCertificates;
  return {
    platform: 'android',
    packageName: facts.packageName,
    versionCode: facts.versionCode,
    versionName: facts.versionName,
    debuggable: facts.debuggable,
    uploadCertificateSha256: fileCertificates,
    appSigningCertificateSha256: [
      ...new Set([...attested, ...(declaredAppSigning === null ? [] : [declaredAppSigning])]),
    ],
  };
}

/** The build must be of the app it is uploaded to: same platform, package or bundle id. */
export function requireSameApp(app: AppEntity, identity: BuildIdentity): void {
  if (identity.platform !== app.platform) {
    throw new ServiceError(
      'BUILD_IDENTITY_MISMATCH',
      `platform: the app is ${app.platform}, the build is ${identity.platform}`,
    );
  }
  if (identity.platform === 'android' && identity.packageName !== app.androidPackage) {
    throw new ServiceError(
      'BUILD_IDENTITY_MISMATCH',
      `packageName: expected ${app.androidPackage ?? '?'}, the build has ${identity.packageName}`,
    );
  }
  // A new team id is not refused here: it reaches review, flagged loudly (review/changes.ts).
  if (identity.platform === 'ios' && identity.bundleId !== app.iosBundleId) {
    throw new ServiceError(
      'BUILD_IDENTITY_MISMATCH',
      `bundleId: expected ${app.iosBundleId ?? '?'}, the build has ${identity.bundleId}`,
    );
  }
}
