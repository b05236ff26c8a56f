import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { AppAttestEnvironment, AppPlatform } from '../app.entity.js';

const ANDROID_PACKAGE = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;
const APPLE_TEAM_ID = /^[A-Z0-9]{10}$/;
const BUNDLE_ID = /^[A-Za-z0-9.-]{1,155}$/;

/**
 * An app as a partner registers it: the identity anchor (package, or bundle id) only. Signing
 * digests and the team id come from builds a reviewer approves.
 */
export class CreatePartnerAppDto {
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsIn(['android', 'ios']) platform!: AppPlatform;
  @IsOptional() @Matches(ANDROID_PACKAGE) @MaxLength(255) androidPackage?: string;
  @IsOptional() @Matches(APPLE_TEAM_ID) iosTeamId?: string;
  @IsOptional() @Matches(BUNDLE_ID) iosBundleId?: string;
  @IsOptional() @IsIn(['production', 'development']) iosEnvironment?: AppAttestEnvironment;
}
