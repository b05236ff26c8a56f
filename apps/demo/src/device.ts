import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { createDpopProof } from '../../../libs/tokens/src/index.js';
import { type CallResult, callJson } from './http.js';

export interface TokenResponse {
  installationId: string;
  token: string;
  expiresAt: string;
  error?: string;
}

/** A key that can sign proofs of possession, with its public JWK. */
export interface ProofKey {
  readonly privateKey: KeyObject;
  readonly publicJwk: JWK;
}

export function newProofKey(): ProofKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicJwk: publicKey.export({ format: 'jwk' }) };
}

/** Calls a customer's API as an app does: the token, and a fresh DPoP proof for this request. */
export async function callCustomer(
  url: string,
  token: string | undefined,
  key: ProofKey | undefined,
  now: Date,
): Promise<{ result: CallResult<unknown>; proof: string | undefined }> {
  const proof =
    key === undefined
      ? undefined
      : await createDpopProof({
          ...key,
          method: 'GET',
          url,
          now,
          ...(token !== undefined && { accessToken: token }),
        });
  const result = await replay(url, token, proof);
  return { result, proof };
}

/** Sends exactly the given token and proof again, as an eavesdropper would. */
export function replay(
  url: string,
  token: string | undefined,
  proof: string | undefined,
): Promise<CallResult<unknown>> {
  return callJson(url, {
    headers: {
      ...(token !== undefined && { Authorization: `DPoP ${token}` }),
      ...(proof !== undefined && { DPoP: proof }),
    },
  });
}

export async function freshChallenge(serviceUrl: string): Promise<string> {
  const result = await callJson<{ challenge: string }>(`${serviceUrl}/v1/challenges`, {
    method: 'POST',
  });
  return result.body.challenge;
}

/** Demo mode only: registers the challenge a recorded device's evidence was made with. */
export async function seedChallenge(
  serviceUrl: string,
  challenge: Buffer,
  extra: { clientDataHashHex?: string; evidenceTime?: string },
): Promise<string> {
  const result = await callJson<{ challenge: string }>(`${serviceUrl}/v1/test/challenges`, {
    body: { challenge: challenge.toString('base64url'), ...extra },
  });
  if (result.status !== 201) throw new Error(`seeding refused: ${result.verdict}`);
  return result.body.challenge;
}
