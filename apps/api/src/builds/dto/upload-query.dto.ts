import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export class UploadQueryDto {
  @IsString() @MinLength(1) @MaxLength(200) fileName!: string;

  @IsOptional()
  @Matches(SHA256_HEX, { message: 'appSigningCertificateSha256 must be lowercase hex SHA-256' })
  appSigningCertificateSha256?: string;
}
