import { createHash } from 'node:crypto';
import type { JWK } from 'jose';
import { jwkThumbprint } from '../../../../libs/tokens/src/index.js';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * iOS enrolment binds the proof-of-possession key to the App Attest key: the app passes
 * SHA-256(UTF-8 "<challenge>.<RFC 7638 thumbprint of the proof key>") as clientDataHash.
 */
export function enrolmentClientDataHash(challenge: string, proofKey: JWK): Buffer {
  return sha256(`${challenge}.${jwkThumbprint(proofKey)}`);
}

/** iOS refresh: the assertion's clientDataHash is SHA-256(UTF-8 "<challenge>.<installationId>"). */
export function refreshClientDataHash(challenge: string, installationId: string): Buffer {
  return sha256(`${challenge}.${installationId}`);
}
