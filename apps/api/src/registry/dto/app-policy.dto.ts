import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { AndroidDevicePolicy, PolicyEnforcement } from '../app.entity.js';

export class AndroidDevicePolicyDto implements AndroidDevicePolicy {
  @IsOptional() @IsBoolean() requireDeviceLocked?: boolean;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsIn(['Verified', 'SelfSigned', 'Unverified'], { each: true })
  allowedVerifiedBootStates?: ('Verified' | 'SelfSigned' | 'Unverified' | 'Failed')[];

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @IsIn(['TrustedEnvironment', 'StrongBox'], { each: true })
  allowedSecurityLevels?: ('TrustedEnvironment' | 'StrongBox')[];

  /** YYYYMM, e.g. 202401. */
  @IsOptional() @IsInt() @Min(201001) @Max(299912) minOsPatchLevel?: number;
}

export class SetAppPolicyDto {
  @IsIn(['enforce', 'monitor']) enforcement!: PolicyEnforcement;

  @IsOptional()
  @ValidateNested()
  @Type(() => AndroidDevicePolicyDto)
  android?: AndroidDevicePolicyDto;
}

export interface AppPolicyView {
  appId: string;
  enforcement: PolicyEnforcement;
  android: AndroidDevicePolicy;
}
