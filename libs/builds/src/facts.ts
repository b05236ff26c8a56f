import type { BuildLimits } from './limits.js';

export type SigningScheme = 'v1' | 'v2' | 'v3' | 'v3.1';

/** A certificate that signed the build, with the schemes it signed in. */
export interface SigningCertificateFacts {
  /** SHA-256 over the certificate exactly as stored, lowercase hex. */
  readonly sha256: string;
  readonly subject: string;
  readonly schemes: readonly SigningScheme[];
  /** v3 / v3.1 only: the platform versions on which this signer applies. */
  readonly sdkRanges?: readonly { scheme: 'v3' | 'v3.1'; minSdk: number; maxSdk: number }[];
}

/** One verified step of a proof-of-rotation lineage, oldest first. */
export interface LineageCertificateFacts {
  readonly sha256: string;
  readonly subject: string;
  readonly flags: number;
}

export interface AndroidBuildFacts {
  readonly platform: 'android';
  readonly format: 'apk' | 'aab';
  readonly packageName: string;
  /** The 64-bit long version code (versionCodeMajor << 32 | versionCode), in decimal. */
  readonly versionCode: string;
  readonly versionCodeMajor: number;
  readonly versionName: string | null;
  readonly minSdk: number | string;
  readonly targetSdk: number | string | null;
  readonly debuggable: boolean;
  /** APK: the app signers; AAB: the upload key. */
  readonly signingCertificates: readonly SigningCertificateFacts[];
  /** The longest verified proof-of-rotation lineage (v3 / v3.1), when the build rotated keys. */
  readonly lineage?: readonly LineageCertificateFacts[];
  readonly fileSha256: string;
}

export interface ProfileFacts {
  readonly name: string;
  readonly uuid: string;
  readonly teamIds: readonly string[];
  readonly applicationIdentifier: string;
  readonly creationDate: string;
  readonly expirationDate: string;
  readonly provisionsAllDevices: boolean;
  readonly provisionedDeviceCount: number;
  readonly getTaskAllow: boolean;
  /** Allowed App Attest environments the profile grants (not the build's choice). */
  readonly appAttestEnvironments: readonly string[];
  readonly developerCertificateSha256: readonly string[];
  /** SHA-256 of the certificate that signed the profile's CMS envelope. */
  readonly signerSha256: string;
  readonly signingTime: string | null;
  /** The profile was within its validity window when the build was signed. */
  readonly validAtSigningTime: boolean | null;
}

export interface IosBundleFacts {
  readonly path: string;
  readonly bundleId: string;
  readonly version: string;
  readonly buildNumber: string;
  readonly teamId: string;
  readonly applicationIdentifier: string;
  readonly appAttestEnvironment: 'development' | 'production' | null;
  readonly getTaskAllow: boolean;
  readonly entitlements: Readonly<Record<string, unknown>>;
  readonly signingCertificate: {
    readonly sha256: string;
    readonly subject: string;
    readonly notAfter: string;
    readonly chainSha256: readonly string[];
  };
  readonly signingTime: string | null;
  readonly profile: ProfileFacts;
}

export interface IosBuildFacts extends Omit<IosBundleFacts, 'path'> {
  readonly platform: 'ios';
  readonly format: 'ipa';
  /** App extensions and other nested bundles, each checked the same way. */
  readonly nestedBundles: readonly IosBundleFacts[];
  readonly fileSha256: string;
}

export type BuildFacts = AndroidBuildFacts | IosBuildFacts;

export interface InspectOptions {
  readonly limits?: Partial<BuildLimits>;
}
