import { randomBytes, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/**
 * JOSE `typ` of a Client Attestation PoP JWT (draft-ietf-oauth-attestation-based-client-auth,
 * "Client Attestation PoP JWT"). Sent in the `OAuth-Client-Attestation-PoP` header, next to
 * the attestation token in `OAuth-Client-Attestation`.
 */
export const ATTESTATION_POP_TYPE = 'oauth-client-attestation-pop+jwt';

/** Request headers that carry the token and its PoP to an authorization server. */
export const ATTESTATION_HEADER = 'OAuth-Client-Attestation';
export const ATTESTATION_POP_HEADER = 'OAuth-Client-Attestation-PoP';

export interface CreateAttestationPopInput {
  /** The installation's proof-of-possession key: the private half of the token's `cnf.jwk`. */
  readonly privateKey: KeyObject;
  /** The authorization server's issuer identifier. */
  readonly audience: string;
  /** The server's challenge (its challenge endpoint, or the -Challenge response header). */
  readonly challenge?: string;
  readonly now: Date;
  readonly jti?: string;
}

/**
 * Signs the PoP JWT that proves, to an OAuth authorization server, possession of the key a
 * Tessera token confirms: header `{ typ, alg }`, claims `aud`, `jti`, `iat` and, when the
 * server issued one, `challenge`. ES256 for P-256 keys, EdDSA for Ed25519 keys.
 */
export function createAttestationPop(input: CreateAttestationPopInput): Promise<string> {
  const alg = algorithmOf(input.privateKey);
  if (typeof input.audience !== 'string' || input.audience === '') {
    throw new TypeError('audience must be the authorization server issuer');
  }
  if (input.challenge !== undefined && input.challenge === '') {
    throw new TypeError('challenge must be non-empty when given');
  }
  const nowMs = input.now.getTime();
  if (!Number.isFinite(nowMs)) {
    throw new TypeError('now must be a valid Date');
  }
  const claims: Record<string, string | number> = {
    aud: input.audience,
    jti: input.jti ?? randomBytes(16).toString('base64url'),
    iat: Math.floor(nowMs / 1000),
    ...(input.challenge !== undefined && { challenge: input.challenge }),
  };
  return new SignJWT(claims)
    .setProtectedHeader({ typ: ATTESTATION_POP_TYPE, alg })
    .sign(input.privateKey);
}

function algorithmOf(privateKey: KeyObject): 'ES256' | 'EdDSA' {
  if (privateKey.type === 'private' && privateKey.asymmetricKeyType === 'ed25519') {
    return 'EdDSA';
  }
  if (
    privateKey.type === 'private' &&
    privateKey.asymmetricKeyType === 'ec' &&
    privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1'
  ) {
    return 'ES256';
  }
  throw new TypeError('privateKey must be a P-256 or Ed25519 private key');
}
