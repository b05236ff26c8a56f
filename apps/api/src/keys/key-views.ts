import type { SigningKeyView, TrustBundleView } from './dto/signing-keys.dto.js';
import { inCirculation } from './key-windows.js';
import type { SigningKeyEntity } from './signing-key.entity.js';
import type { TrustBundleEntity } from './trust-bundle.entity.js';

export function signingKeyView(
  key: SigningKeyEntity,
  now: Date,
  tokenLifetimeSeconds: number,
): SigningKeyView {
  return {
    kid: key.kid,
    state: key.state,
    jwk: { ...key.publicJwk, kid: key.kid },
    notBefore: key.notBefore.toISOString(),
    notAfter: key.notAfter.toISOString(),
    activatedAt: key.activatedAt?.toISOString() ?? null,
    retiredAt: key.retiredAt?.toISOString() ?? null,
    inCirculation: inCirculation(key, now, tokenLifetimeSeconds),
  };
}

export function trustBundleView(bundle: TrustBundleEntity): TrustBundleView {
  return {
    version: bundle.version,
    issuedAt: bundle.issuedAt.toISOString(),
    expiresAt: bundle.expiresAt.toISOString(),
    uploadedBy: bundle.uploadedBy,
    uploadedAt: bundle.uploadedAt.toISOString(),
  };
}
