import { AttestationError } from '../errors.js';
import { APPLE_APP_ATTESTATION_ROOT_CA } from './apple-root.js';
import { decodeAttestationObject } from './attestation-object.js';
import { parseAttestationAuthData } from './authenticator-data.js';
import { bytesEqual, copyBytes, sha256 } from './bytes.js';
import { p256PublicPoint, parseCertificate, pinnedCertificate } from './certificate.js';
import { verifyCredentialChain } from './certificate-chain.js';
import { coseKeyToPoint } from './cose-key.js';
import { readCertificateNonce, readCertificateOsVersion } from './credential-certificate.js';
import { environmentOf, isEnvironment } from './environment.js';
import { checkClientDataHash, requireAppId, requireBytes, requireDate } from './input-checks.js';
import type { AppAttestAttestation, AppAttestAttestationInput } from './types.js';

const appAttestRoot = pinnedCertificate(APPLE_APP_ATTESTATION_ROOT_CA, 'App Attest root');

/**
 * Verifies an App Attest attestation object, following Apple's "Validating apps that connect
 * to your server" steps 1-9. Throws AttestationError with the code of the first failed step.
 */
export function verifyAppAttestAttestation(input: AppAttestAttestationInput): AppAttestAttestation {
  checkAttestationInput(input);
  const { keyId, clientDataHash, appId, now } = input;
  checkClientDataHash(clientDataHash);
  const object = decodeAttestationObject(input.attestationObject);

  // Step 1: the credential certificate chains to the App Attest root.
  const root = input.rootCertificate
    ? parseCertificate(input.rootCertificate, 'rootCertificate')
    : appAttestRoot();
  const leaf = verifyCredentialChain(object.x5c, root, now);
  const authData = parseAttestationAuthData(object.authData);

  // Steps 2-4: nonce = SHA-256(authData || clientDataHash) is the one in the certificate.
  const nonce = sha256(object.authData, clientDataHash);
  if (!bytesEqual(nonce, readCertificateNonce(leaf))) {
    throw new AttestationError(
      'NONCE_MISMATCH',
      'credential certificate nonce: expected SHA-256(authData || clientDataHash)',
    );
  }

  // Step 5: the key identifier is the SHA-256 of the credential public key (uncompressed point).
  const point = p256PublicPoint(leaf, 'attStmt.x5c[0]');
  if (!bytesEqual(sha256(point), keyId)) {
    throw new AttestationError(
      'KEY_ID_MISMATCH',
      'keyId: expected SHA-256 of the credential public key',
    );
  }

  if (!bytesEqual(coseKeyToPoint(authData.credentialPublicKey), point)) {
    throw new AttestationError(
      'KEY_ID_MISMATCH',
      'authData.credentialPublicKey: expected the credential certificate key',
    );
  }

  // Step 6: the RP ID hash is the SHA-256 of the app identifier.
  if (!bytesEqual(authData.rpIdHash, sha256(new TextEncoder().encode(appId)))) {
    throw new AttestationError(
      'APP_ID_MISMATCH',
      'authData.rpIdHash: expected SHA-256 of the app identifier',
    );
  }

  // Step 7: a fresh key has never signed.
  if (authData.signCount !== 0) {
    throw new AttestationError(
      'COUNTER_INVALID',
      'authData.signCount: expected 0 in an attestation',
    );
  }

  // Step 8: the aaguid names the expected environment.
  const environment = environmentOf(authData.aaguid);
  if (environment !== input.environment) {
    throw new AttestationError(
      'ENVIRONMENT_MISMATCH',
      `authData.aaguid: expected the ${input.environment} environment`,
    );
  }

  // Step 9: the credential id is the key identifier.
  if (!bytesEqual(authData.credentialId, keyId)) {
    throw new AttestationError(
      'CREDENTIAL_ID_MISMATCH',
      'authData.credentialId: expected the keyId',
    );
  }

  const publicKey = leaf.x509.publicKey;
  const osVersion = readCertificateOsVersion(leaf);
  return {
    publicKey,
    publicKeyJwk: publicKey.export({ format: 'jwk' }),
    keyId: copyBytes(keyId),
    environment,
    signCount: 0,
    receipt: copyBytes(object.receipt),
    ...(osVersion !== undefined ? { osVersion } : {}),
    ...(authData.extensions ? { extensions: authData.extensions } : {}),
  };
}

function checkAttestationInput(input: AppAttestAttestationInput): void {
  requireBytes(input.attestationObject, 'attestationObject');
  requireBytes(input.keyId, 'keyId');
  requireBytes(input.clientDataHash, 'clientDataHash');
  requireAppId(input.appId);
  if (!isEnvironment(input.environment)) {
    throw new TypeError('environment must be "production" or "development"');
  }
  requireDate(input.now, 'now');
  if (input.rootCertificate !== undefined) {
    requireBytes(input.rootCertificate, 'rootCertificate');
  }
}
