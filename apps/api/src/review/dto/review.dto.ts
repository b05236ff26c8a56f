import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import type { RevocationKind } from '../revocation.entity.js';

export class BuildDecisionDto {
  @IsIn(['approve', 'reject']) decision!: 'approve' | 'reject';
  @IsString() @MinLength(1) @MaxLength(2000) note!: string;
}

export class RevokeDto {
  @IsIn(['version', 'certificate']) kind!: RevocationKind;
  @IsString() @MinLength(1) @MaxLength(64) value!: string;
  @IsString() @MinLength(1) @MaxLength(2000) note!: string;
}
