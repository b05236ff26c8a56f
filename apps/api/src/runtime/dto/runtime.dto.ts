import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** 32 random bytes as issued: 43 base64url characters. Seeded test challenges may differ. */
const CHALLENGE = /^[A-Za-z0-9_-]{1,512}$/;
const BASE64ISH = /^[A-Za-z0-9+/_-]+={0,2}$/;
/** Upper bounds on evidence sizes, in base64 characters. */
const MAX_CERTIFICATE_B64 = 16 * 1024;
const MAX_ATTESTATION_OBJECT_B64 = 64 * 1024;
const MAX_ASSERTION_B64 = 4 * 1024;
const MAX_CHAIN_LENGTH = 10;
/** `<teamId>.<bundleId>`: Apple team ids are ten upper-case letters and digits. */
const APP_ID = /^[A-Z0-9]{10}\.[A-Za-z0-9.-]{1,155}$/;

export class EnrolAndroidDto {
  @Matches(CHALLENGE) challenge!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CHAIN_LENGTH)
  @IsString({ each: true })
  @MaxLength(MAX_CERTIFICATE_B64, { each: true })
  @Matches(BASE64ISH, { each: true, message: 'each certificate must be base64 DER' })
  certificateChain!: string[];
}

export class ProofKeyDto {
  @IsIn(['EC']) kty!: 'EC';
  @IsIn(['P-256']) crv!: 'P-256';
  @Matches(/^[A-Za-z0-9_-]{43}$/) x!: string;
  @Matches(/^[A-Za-z0-9_-]{43}$/) y!: string;
}

export class EnrolIosDto {
  @Matches(CHALLENGE) challenge!: string;

  /** `<teamId>.<bundleId>` of the app as registered. */
  @Matches(APP_ID, { message: 'appId must be <10-character team id>.<bundle id>' })
  appId!: string;

  @Matches(BASE64ISH) @MaxLength(64) keyId!: string;

  @Matches(BASE64ISH) @MaxLength(MAX_ATTESTATION_OBJECT_B64) attestationObject!: string;

  /** The app's proof-of-possession public key (a Secure Enclave P-256 key). */
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ProofKeyDto) proofKey!: ProofKeyDto;
}

export class RefreshDto {
  @IsUUID() installationId!: string;
  @Matches(CHALLENGE) challenge!: string;

  /** iOS: an App Attest assertion over the refresh client data. */
  @IsOptional() @Matches(BASE64ISH) @MaxLength(MAX_ASSERTION_B64) assertion?: string;

  /** Android: a compact JWS by the attested key (see PROTOCOL.md). */
  @IsOptional() @IsString() @MaxLength(4096) proof?: string;
}

export class SeedChallengeDto {
  @Matches(CHALLENGE) challenge!: string;
  @IsOptional() @Matches(/^[0-9a-f]{64}$/) clientDataHashHex?: string;
  @IsOptional() @IsISO8601({ strict: true }) evidenceTime?: string;
}

export interface ChallengeView {
  challenge: string;
  expiresAt: string;
}

export interface TokenView {
  installationId: string;
  token: string;
  tokenType: 'DPoP';
  expiresAt: string;
  audience: string[];
}
