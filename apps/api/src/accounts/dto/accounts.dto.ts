import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { TOKEN_SCOPES, type TokenScope } from '../api-token.entity.js';
import type { MemberRole } from '../membership.entity.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export class SignInDto {
  @IsEmail() @MaxLength(254) email!: string;
  @IsString() @MinLength(1) @MaxLength(MAX_PASSWORD_LENGTH) password!: string;
}

export class InviteDto {
  @IsEmail() @MaxLength(254) email!: string;
  @IsIn(['admin', 'reviewer', 'developer']) role!: MemberRole;
}

export class InvitationTokenDto {
  @Matches(SECRET, { message: 'token must be the secret from the invitation link' })
  token!: string;
}

export class AcceptInvitationDto extends InvitationTokenDto {
  @IsString() @MinLength(MIN_PASSWORD_LENGTH) @MaxLength(MAX_PASSWORD_LENGTH) password!: string;
  @IsString() @MinLength(1) @MaxLength(200) displayName!: string;
}

export class CreateApiTokenDto {
  @IsString() @MinLength(1) @MaxLength(200) name!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(TOKEN_SCOPES.length)
  @IsIn(TOKEN_SCOPES, { each: true })
  scopes!: TokenScope[];

  @IsOptional() @IsInt() @Min(1) @Max(365) expiresInDays?: number;
}
