import { IsISO8601, IsString, MaxLength } from 'class-validator';
import { MAX_BUNDLE_BYTES } from '../../../../../libs/verifier/src/index.js';

/** RFC 3339 with an explicit offset, e.g. `2027-01-31T00:00:00Z`. */
const STRICT_DATE = { strict: true, strictSeparator: true } as const;

export class AnnounceSigningKeyDto {
  /** The key may sign from this instant... */
  @IsString() @MaxLength(40) @IsISO8601(STRICT_DATE) notBefore!: string;
  /** ...until this one. */
  @IsString() @MaxLength(40) @IsISO8601(STRICT_DATE) notAfter!: string;
}

/** A signing key as the admin API and the vendor CLI see it: public parts only. */
export interface SigningKeyView {
  kid: string;
  state: 'announced' | 'active' | 'retired';
  jwk: Record<string, unknown>;
  notBefore: string;
  notAfter: string;
  activatedAt: string | null;
  retiredAt: string | null;
  /** Whether a trust bundle should list it: tokens it signed may still be in use. */
  inCirculation: boolean;
}

/** What `GET /v1/admin/signing-keys` returns; `tessera bundle sign --keys` reads it. */
export interface SigningKeyListView {
  issuer: string;
  tokenLifetimeSeconds: number;
  keys: SigningKeyView[];
}

export interface TrustBundleView {
  version: number;
  issuedAt: string;
  expiresAt: string;
  uploadedBy: string;
  uploadedAt: string;
}

/** `PUT /v1/admin/trust-bundle`: the bundle file's text, exactly as `tessera bundle sign` wrote it. */
export class UploadTrustBundleDto {
  @IsString() @MaxLength(MAX_BUNDLE_BYTES) bundle!: string;
}
