import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** JOSE `typ` of an Android refresh proof: a compact JWS by the attested Keystore key. */
export const REFRESH_PROOF_TYPE = 'tessera-refresh+jwt';

export interface CreateRefreshProofInput {
  /** The attested Keystore key (EC P-256). */
  readonly privateKey: KeyObject;
  readonly installationId: string;
  /** The fresh challenge, exactly as the service issued it. */
  readonly challenge: string;
  readonly now: Date;
}

/** What an Android app sends to refresh its token: `{ sub, chl, iat }` signed with ES256. */
export function createRefreshProof(input: CreateRefreshProofInput): Promise<string> {
  if (input.privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new TypeError('privateKey must be an EC P-256 key');
  }
  return new SignJWT({ chl: input.challenge })
    .setProtectedHeader({ alg: 'ES256', typ: REFRESH_PROOF_TYPE })
    .setSubject(input.installationId)
    .setIssuedAt(Math.floor(input.now.getTime() / 1000))
    .sign(input.privateKey);
}
