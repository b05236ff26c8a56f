import { createPublicKey, type JsonWebKey, KeyObject, verify } from 'node:crypto';

import { AttestationError } from '../errors.js';
import { parseAssertionAuthData } from './authenticator-data.js';
import { bytesEqual, sha256 } from './bytes.js';
import { decodeCbor, expectBytes, expectKeys, expectMap } from './cbor.js';
import { checkClientDataHash, requireAppId, requireBytes } from './input-checks.js';
import { MAX_ASSERTION_BYTES, MAX_AUTHENTICATOR_DATA_BYTES } from './limits.js';
import type { AppAttestAssertion, AppAttestAssertionInput } from './types.js';

const MAX_SIGNATURE_BYTES = 80;
const MAX_COUNTER = 0xffff_ffff;

/**
 * Verifies an App Attest assertion ("Verify the assertion", steps 1-5). The caller checks the
 * challenge inside its client data, then stores the returned counter.
 */
export function verifyAppAttestAssertion(input: AppAttestAssertionInput): AppAttestAssertion {
  const publicKey = checkAssertionInput(input);
  checkClientDataHash(input.clientDataHash);
  const { signature, authenticatorData } = decodeAssertion(input.assertion);
  const authData = parseAssertionAuthData(authenticatorData);

  // Steps 1-3: ECDSA P-256 with SHA-256 over the message nonce = SHA-256(authData || clientDataHash).
  const nonce = sha256(authenticatorData, input.clientDataHash);
  if (!verifySignature(publicKey, nonce, signature)) {
    throw new AttestationError(
      'ASSERTION_SIGNATURE_INVALID',
      'signature: expected a signature by the attested key',
    );
  }

  // Step 4: the RP ID hash is the SHA-256 of the app identifier.
  if (!bytesEqual(authData.rpIdHash, sha256(new TextEncoder().encode(input.appId)))) {
    throw new AttestationError(
      'APP_ID_MISMATCH',
      'authenticatorData.rpIdHash: expected SHA-256 of the app identifier',
    );
  }

  // Step 5: the counter only goes up; an equal or lower value is a replay.
  if (authData.signCount <= input.previousCounter) {
    throw new AttestationError(
      'COUNTER_NOT_INCREASING',
      `authenticatorData.signCount: expected more than ${input.previousCounter}`,
    );
  }

  return {
    signCount: authData.signCount,
    ...(authData.extensions ? { extensions: authData.extensions } : {}),
  };
}

function decodeAssertion(bytes: Uint8Array): {
  signature: Uint8Array;
  authenticatorData: Uint8Array;
} {
  if (bytes.length > MAX_ASSERTION_BYTES) {
    throw new AttestationError(
      'EVIDENCE_TOO_LARGE',
      `assertion: expected at most ${MAX_ASSERTION_BYTES} bytes`,
    );
  }
  const assertion = expectMap(decodeCbor(bytes, 'assertion'), 'assertion');
  expectKeys(assertion, ['signature', 'authenticatorData'], 'assertion');
  return {
    signature: expectBytes(assertion.get('signature'), 'assertion.signature', MAX_SIGNATURE_BYTES),
    authenticatorData: expectBytes(
      assertion.get('authenticatorData'),
      'assertion.authenticatorData',
      MAX_AUTHENTICATOR_DATA_BYTES,
    ),
  };
}

function verifySignature(
  publicKey: KeyObject,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    return verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature);
  } catch {
    return false;
  }
}

function checkAssertionInput(input: AppAttestAssertionInput): KeyObject {
  requireBytes(input.assertion, 'assertion');
  requireBytes(input.clientDataHash, 'clientDataHash');
  requireAppId(input.appId);
  const counter = input.previousCounter;
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) {
    throw new TypeError('previousCounter must be an integer from 0 to 2^32-1');
  }
  return toP256PublicKey(input.publicKey);
}

function toP256PublicKey(key: KeyObject | JsonWebKey): KeyObject {
  let keyObject: KeyObject;
  try {
    keyObject = key instanceof KeyObject ? key : createPublicKey({ key, format: 'jwk' });
  } catch {
    throw new TypeError('publicKey must be a P-256 public key');
  }
  const details = keyObject.asymmetricKeyDetails;
  if (
    keyObject.type !== 'public' ||
    keyObject.asymmetricKeyType !== 'ec' ||
    details?.namedCurve !== 'prime256v1'
  ) {
    throw new TypeError('publicKey must be a P-256 public key');
  }
  return keyObject;
}
