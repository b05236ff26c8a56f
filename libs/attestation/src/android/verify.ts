import { createPublicKey, type KeyObject } from 'node:crypto';
import { AttestationError } from '../errors.js';
import { readAttestedChain } from './attestation-certificates.js';
import { assertHardwareRootKeys, verifyChain } from './chain.js';
import {
  checkChallenge,
  checkPatchLevel,
  checkRevocation,
  checkRootOfTrust,
  checkSecurityLevel,
  requireRootOfTrust,
} from './checks.js';
import { GOOGLE_HARDWARE_ROOT_KEYS } from './google-roots.js';
import { resolvePolicy } from './policy.js';
import { checkValidity, classifyProvisioning } from './provisioning.js';
import type {
  AndroidAttestation,
  AndroidAttestationEvidence,
  AndroidAttestationInput,
} from './types.js';

/** KeyMint refuses attestation challenges longer than this. */
export const MAX_CHALLENGE_BYTES = 128;

function assertInput(input: AndroidAttestationInput): void {
  if (!(input.challenge instanceof Uint8Array) || input.challenge.length === 0) {
    throw new TypeError('challenge must be a non-empty Uint8Array');
  }
  if (input.challenge.length > MAX_CHALLENGE_BYTES) {
    throw new TypeError(`challenge must be at most ${MAX_CHALLENGE_BYTES} bytes`);
  }
  if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime())) {
    throw new TypeError('now must be a valid Date');
  }
}

/**
 * Verifies an Android Key Attestation chain and the leaf's KeyDescription against the policy,
 * without importing the attested key. Use it where the key type does not matter;
 * verifyAndroidKeyAttestation adds the key itself.
 */
export function verifyAndroidAttestationEvidence(
  input: AndroidAttestationInput,
): AndroidAttestationEvidence {
  assertInput(input);
  const policy = resolvePolicy(input.policy);
  const trustedRootKeys = input.trustedRootKeys ?? GOOGLE_HARDWARE_ROOT_KEYS;
  assertHardwareRootKeys(trustedRootKeys);

  const chain = verifyChain(input.chain, trustedRootKeys);

  const { leaf, attestKeys, intermediates } = readAttestedChain(chain);

  const provisioning = classifyProvisioning(intermediates);
  checkValidity(intermediates, provisioning, input.now, policy.enforceFactoryCertificateValidity);

  checkRevocation(chain.certificates, input.revocationList);

  checkChallenge(leaf, input.challenge);

  checkSecurityLevel(leaf, policy, 'chain[0]');
  attestKeys.forEach((description, i) =>
    checkSecurityLevel(description, policy, `chain[${i + 1}]`),
  );

  const rootOfTrust = requireRootOfTrust(leaf);
  checkRootOfTrust(rootOfTrust, policy);

  checkPatchLevel(leaf, policy);

  const hardware = leaf.hardwareEnforced;
  const application = leaf.softwareEnforced.attestationApplicationId;
  return {
    attestationVersion: leaf.attestationVersion,
    attestationSecurityLevel: leaf.attestationSecurityLevel,
    keymintVersion: leaf.keymintVersion,
    keymintSecurityLevel: leaf.keymintSecurityLevel,
    challenge: leaf.attestationChallenge,
    application: application ?? { packages: [], signatureDigests: [] },
    rootOfTrust,
    osVersion: hardware.osVersion,
    osPatchLevel: hardware.osPatchLevel,
    vendorPatchLevel: hardware.vendorPatchLevel,
    bootPatchLevel: hardware.bootPatchLevel,
    purposes: hardware.purpose ?? [],
    provisioning,
    publicKeySpki: (chain.certificates[0] as { spki: Uint8Array }).spki,
    keyDescription: leaf,
  };
}

/** Imports the attested key; only EC and RSA keys can sign our proofs of possession. */
function importAttestedKey(spki: Uint8Array): KeyObject {
  let key: KeyObject | undefined;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch {
    // ML-DSA leaves (attestation version 500) land here: OpenSSL 3.0 cannot read them.
  }
  if (key?.asymmetricKeyType !== 'ec' && key?.asymmetricKeyType !== 'rsa') {
    throw new AttestationError(
      'UNSUPPORTED_ATTESTED_KEY',
      'chain[0].subjectPublicKeyInfo: attested key must be EC or RSA to sign proofs',
    );
  }
  return key;
}

/**
 * Verifies an Android Key Attestation (evidence and policy, as verifyAndroidAttestationEvidence)
 * and returns the attested key, ready to check proofs of possession. A genuine attestation of a
 * key type we cannot verify signatures with (ML-DSA) is refused with UNSUPPORTED_ATTESTED_KEY.
 */
export function verifyAndroidKeyAttestation(input: AndroidAttestationInput): AndroidAttestation {
  const evidence = verifyAndroidAttestationEvidence(input);

  const publicKey = importAttestedKey(evidence.publicKeySpki);

  return { ...evidence, publicKey, publicKeyJwk: publicKey.export({ format: 'jwk' }) };
}
