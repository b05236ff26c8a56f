import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** What an Android app sends to refresh: a JWS by its attested key over the fresh challenge. */
export function androidRefreshProof(
  key: KeyObject,
  installationId: string,
  challenge: string,
): Promise<string> {
  return new SignJWT({ chl: challenge })
    .setProtectedHeader({ alg: 'ES256', typ: 'tessera-refresh+jwt' })
    .setSubject(installationId)
    .setIssuedAt()
    .sign(key);
}
