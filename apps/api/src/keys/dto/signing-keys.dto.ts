import { IsISO8601, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_BUNDLE_BYTES } from '../../../../../libs/verifier/src/index.js';

/** A real calendar date (no 30 February) in ISO 8601... */
const STRICT_DATE = { strict: true, strictSeparator: true } as const;
/** ...written as RFC 3339 with an explicit offset, e.g. `2027-01-31T00:00:00Z`: never local time. */
const DATE_TIME_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const WITH_OFFSET = {
  message: '$property must be an RFC 3339 date-time with its offset, e.g. 2027-01-31T00:00:00Z',
};

export class AnnounceSigningKeyDto {
  /** The key may sign from this instant... */
  @IsString()
  @MaxLength(40)
  @IsISO8601(STRICT_DATE)
  @Matches(DATE_TIME_WITH_OFFSET, WITH_OFFSET)
  notBefore!: string;
  /** ...until this one. */
  @IsString()
  @MaxLength(40)
  @IsISO8601(STRICT_DATE)
  @Matches(DATE_TIME_WITH_OFFSET, WITH_OFFSET)
  notAfter!: string;
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
  @IsString({
    message:
      "bundle must be the bundle file's text as one JSON string: jq -Rs '{bundle: .}' bundle.json",
  })
  @MaxLength(MAX_BUNDLE_BYTES)
  bundle!: string;
}
