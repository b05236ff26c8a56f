import { AttestationError } from '../errors.js';
import type { ParsedCertificate } from './certificate.js';
import type { VerifiedChain } from './chain.js';
import {
  ATTESTATION_EXTENSION_OID,
  parseKeyDescription,
  type KeyDescription,
} from './key-description.js';
import { PURPOSE_ATTEST_KEY } from './keymint-tags.js';

/** The chain split into what the device made and what Google's infrastructure signed. */
export interface AttestedChain {
  /** The KeyDescription of the leaf: the key being attested. */
  readonly leaf: KeyDescription;
  /** KeyDescriptions of attested ATTEST_KEY keys that signed the certificates below them. */
  readonly attestKeys: readonly KeyDescription[];
  /** Batch and CA certificates between the device certificates and the root. */
  readonly intermediates: readonly ParsedCertificate[];
}

function unexpected(index: number, what: string): AttestationError {
  return new AttestationError('UNEXPECTED_ATTESTATION_EXTENSION', `chain[${index}]: ${what}`);
}

/**
 * Applies the attestation-specific path rule. Only the leaf and, right above it, certificates
 * of attested ATTEST_KEY keys may carry an attestation extension. Anything else carrying one is
 * a chain-extension attack: a forged leaf signed by a genuinely attested signing key.
 */
export function readAttestedChain(chain: VerifiedChain): AttestedChain {
  const { certificates, rootIncluded } = chain;
  const leafCert = certificates[0] as ParsedCertificate;
  const leafExtension = leafCert.extensions.get(ATTESTATION_EXTENSION_OID);
  if (!leafExtension) {
    throw new AttestationError(
      'ATTESTATION_EXTENSION_MISSING',
      'chain[0]: leaf certificate has no attestation extension',
    );
  }
  const leaf = parseKeyDescription(leafExtension);

  const googleSigned = rootIncluded ? certificates.length - 1 : certificates.length;
  const attestKeys: KeyDescription[] = [];
  let next = 1;
  for (; next < googleSigned; next++) {
    const extension = (certificates[next] as ParsedCertificate).extensions;
    const value = extension.get(ATTESTATION_EXTENSION_OID);
    if (!value) break;
    const description = parseKeyDescription(value);
    if (!description.hardwareEnforced.purpose?.includes(PURPOSE_ATTEST_KEY)) {
      throw unexpected(next, 'attestation extension on a key whose purposes lack ATTEST_KEY');
    }
    attestKeys.push(description);
  }

  const intermediates = certificates.slice(next, googleSigned);
  for (const cert of certificates.slice(next)) {
    if (cert.extensions.has(ATTESTATION_EXTENSION_OID)) {
      throw unexpected(cert.index, 'attestation extension above the device certificates');
    }
  }

  return { leaf, attestKeys, intermediates };
}
