import { randomBytes, type KeyObject } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';

import {
  TOKEN_ALGORITHM,
  TOKEN_TYPE,
  type AppFacts,
  type AttestationTokenClaims,
} from './claims.js';
import { publicConfirmationJwk } from './confirmation-key.js';

/** Longest lifetime a token may be issued with; tokens are meant to live minutes. */
export const MAX_TOKEN_LIFETIME_SECONDS = 3600;

/** Most customer deployments one token may name. */
export const MAX_AUDIENCES = 64;

export interface IssueAttestationTokenInput {
  readonly signingKey: { readonly kid: string; readonly privateKey: KeyObject };
  readonly issuer: string;
  readonly installationId: string;
  /** Customer deployment ids the installation may reach. */
  readonly audience: readonly string[];
  readonly app: AppFacts;
  /** The installation's proof-of-possession public key (EC P-256, or OKP Ed25519). */
  readonly confirmationJwk: JWK;
  readonly lifetimeSeconds: number;
  readonly now: Date;
  readonly jti?: string;
}

/** Signs an attestation token (EdDSA, `typ` oauth-client-attestation+jwt). */
export async function issueAttestationToken(input: IssueAttestationTokenInput): Promise<string> {
  const claims = attestationClaims(input);
  return new SignJWT({ ...claims, aud: [...claims.aud] })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: input.signingKey.kid, typ: TOKEN_TYPE })
    .sign(input.signingKey.privateKey);
}

function attestationClaims(input: IssueAttestationTokenInput): AttestationTokenClaims {
  requireText('issuer', input.issuer);
  requireText('installationId', input.installationId);
  requireText('signingKey.kid', input.signingKey.kid);
  if (input.audience.length === 0 || input.audience.length > MAX_AUDIENCES) {
    throw new TypeError(`audience must name 1 to ${MAX_AUDIENCES} deployments`);
  }
  input.audience.forEach((deployment) => requireText('audience entry', deployment));
  requireAppFacts(input.app);
  const lifetime = input.lifetimeSeconds;
  if (!Number.isInteger(lifetime) || lifetime <= 0 || lifetime > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new TypeError(`lifetimeSeconds must be an integer in 1..${MAX_TOKEN_LIFETIME_SECONDS}`);
  }
  const nowMs = input.now.getTime();
  if (!Number.isFinite(nowMs)) {
    throw new TypeError('now must be a valid Date');
  }
  const iat = Math.floor(nowMs / 1000);
  return {
    iss: input.issuer,
    sub: input.installationId,
    aud: [...input.audience],
    iat,
    nbf: iat,
    exp: iat + lifetime,
    jti: input.jti ?? randomBytes(16).toString('base64url'),
    cnf: { jwk: publicConfirmationJwk(input.confirmationJwk) },
    app: { ...input.app },
  };
}

function requireAppFacts(app: AppFacts): void {
  requireText('app.id', app.id);
  if (app.platform !== 'android' && app.platform !== 'ios') {
    throw new TypeError("app.platform must be 'android' or 'ios'");
  }
}

function requireText(name: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${name} must be a non-empty string`);
  }
}
