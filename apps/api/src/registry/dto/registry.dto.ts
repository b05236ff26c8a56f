import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import type { AppAttestEnvironment, AppPlatform, ReviewState } from '../app.entity.js';
import type { OrganisationKind } from '../organisation.entity.js';

export class CreateOrganisationDto {
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsIn(['vendor', 'partner']) kind!: OrganisationKind;
}

/** Android package names: dot-separated Java identifiers. */
const ANDROID_PACKAGE = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** `AB:CD:…` (keytool, apksigner) and upper case become the lowercase hex the platform attests. */
function normaliseDigests(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((digest: unknown) =>
    typeof digest === 'string' && /^[0-9A-Fa-f:]+$/.test(digest)
      ? digest.replaceAll(':', '').toLowerCase()
      : digest,
  );
}
const APPLE_TEAM_ID = /^[A-Z0-9]{10}$/;
const BUNDLE_ID = /^[A-Za-z0-9.-]{1,155}$/;

export class CreateAppDto {
  @IsUUID() organisationId!: string;
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsIn(['android', 'ios']) platform!: AppPlatform;

  @IsOptional() @Matches(ANDROID_PACKAGE) @MaxLength(255) androidPackage?: string;

  /** SHA-256 of each signing certificate; `AB:CD:…` as keytool prints it is accepted too. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(16)
  @Transform(({ value }: { value: unknown }) => normaliseDigests(value))
  @Matches(SHA256_HEX, {
    each: true,
    message: 'each signing digest must be a SHA-256 in hex (64 digits, colons allowed)',
  })
  androidSigningDigests?: string[];

  @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) androidMinVersionCode?: number;

  @IsOptional() @Matches(APPLE_TEAM_ID) iosTeamId?: string;
  @IsOptional() @Matches(BUNDLE_ID) iosBundleId?: string;
  @IsOptional() @IsIn(['production', 'development']) iosEnvironment?: AppAttestEnvironment;
}

export class ReviewDecisionDto {
  @IsIn(['approve', 'reject', 'revoke']) decision!: 'approve' | 'reject' | 'revoke';
  @IsString() @MinLength(1) @MaxLength(2000) note!: string;
}

const DEPLOYMENT_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

export class CreateDeploymentDto {
  @Matches(DEPLOYMENT_ID, { message: 'id must be a lowercase slug (a-z, 0-9, -)' }) id!: string;
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
}

export class SetDeploymentsDto {
  @IsArray() @ArrayMaxSize(1000) @Matches(DEPLOYMENT_ID, { each: true }) deploymentIds!: string[];
}

export class RevokeInstallationDto {
  @IsString() @MinLength(1) @MaxLength(2000) note!: string;
}

export interface OrganisationView {
  id: string;
  name: string;
  kind: OrganisationKind;
  createdAt: string;
}

export interface AppView {
  id: string;
  organisationId: string;
  name: string;
  platform: AppPlatform;
  reviewState: ReviewState;
  android?: { packageName: string; signingCertificateDigests: string[]; minVersionCode?: string };
  ios?: { teamId: string; bundleId: string; appId: string; environment: AppAttestEnvironment };
  deployments: string[];
  createdAt: string;
  updatedAt: string;
}

export interface DeploymentView {
  id: string;
  name: string;
  createdAt: string;
}
