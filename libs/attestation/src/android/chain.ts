import { KeyObject, createHash, createPublicKey } from 'node:crypto';
import { AttestationError } from '../errors.js';
import { decodePem, parseCertificate, type ParsedCertificate } from './certificate.js';
import { SOFTWARE_ROOT_SPKI_SHA256 } from './google-roots.js';
import { isSignedBy, mightBeSignedBy, signatureScheme } from './signature.js';

/**
 * Longest chain we read. Real chains have 3-5 certificates; ATTEST_KEY adds one per attested
 * attestation key (the Pixel 7 Pro sample has 7).
 */
export const MAX_CHAIN_LENGTH = 10;

export interface VerifiedChain {
  /** Leaf first, as given. */
  readonly certificates: readonly ParsedCertificate[];
  /** True when the last certificate carries a trusted root key itself. */
  readonly rootIncluded: boolean;
}

const spkiCache = new WeakMap<KeyObject, Buffer>();

function spkiOf(key: KeyObject): Buffer {
  let spki = spkiCache.get(key);
  if (!spki) {
    spki = key.export({ type: 'spki', format: 'der' });
    spkiCache.set(key, spki);
  }
  return spki;
}

/** Programmer misuse, not bad evidence: a software-attestation root must never be trusted. */
export function assertHardwareRootKeys(keys: readonly KeyObject[]): void {
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new TypeError('trustedRootKeys must be a non-empty array of public KeyObjects');
  }
  for (const key of keys as readonly unknown[]) {
    if (!(key instanceof KeyObject) || key.type !== 'public')
      throw new TypeError('trustedRootKeys must hold public KeyObjects');
    const digest = createHash('sha256').update(spkiOf(key)).digest('hex');
    if (SOFTWARE_ROOT_SPKI_SHA256.includes(digest)) {
      throw new TypeError('trustedRootKeys holds an Android software-attestation root key');
    }
  }
}

function parseEntry(entry: unknown, index: number): ParsedCertificate {
  if (typeof entry === 'string') return parseCertificate(decodePem(entry, index), index);
  if (entry instanceof Uint8Array) return parseCertificate(entry, index);
  throw new TypeError(`chain[${index}] must be DER bytes or a PEM string`);
}

function issuerKeyOf(cert: ParsedCertificate): KeyObject {
  try {
    return createPublicKey({ key: Buffer.from(cert.spki), format: 'der', type: 'spki' });
  } catch {
    throw new AttestationError(
      'UNSUPPORTED_SIGNATURE_ALGORITHM',
      `chain[${cert.index}]: public key cannot be used to verify signatures`,
    );
  }
}

/** Finds the pinned key the chain ends in: carried by the last certificate, or signing it. */
function anchorChain(last: ParsedCertificate, trusted: readonly KeyObject[]): boolean {
  if (trusted.some((key) => spkiOf(key).equals(last.spki))) return true;

  signatureScheme(last);
  if (trusted.some((key) => mightBeSignedBy(last, key))) return false;

  throw new AttestationError(
    'UNTRUSTED_ROOT',
    `chain[${last.index}]: neither carries nor is signed by a trusted root key`,
  );
}

/**
 * Parses a leaf-first chain and verifies every signature explicitly, from the pinned root key
 * down to the leaf. Issuer names, CA flags and path-length rules are deliberately not checked:
 * real devices break them (wrong issuer names on 2019 StrongBox, end-entity ATTEST_KEY certs).
 */
export function verifyChain(
  chain: readonly unknown[],
  trusted: readonly KeyObject[],
): VerifiedChain {
  if (!Array.isArray(chain)) throw new TypeError('chain must be an array');
  if (chain.length === 0) throw new AttestationError('CHAIN_EMPTY', 'chain: no certificates');
  if (chain.length > MAX_CHAIN_LENGTH) {
    throw new AttestationError(
      'CHAIN_TOO_LONG',
      `chain: more than ${MAX_CHAIN_LENGTH} certificates`,
    );
  }
  const certificates = chain.map((entry: unknown, index) => parseEntry(entry, index));
  const last = certificates[certificates.length - 1] as ParsedCertificate;

  const rootIncluded = anchorChain(last, trusted);

  for (let i = certificates.length - 2; i >= 0; i--) {
    const subject = certificates[i] as ParsedCertificate;
    const issuer = certificates[i + 1] as ParsedCertificate;
    if (!isSignedBy(subject, issuerKeyOf(issuer))) {
      throw new AttestationError(
        'CERTIFICATE_SIGNATURE_INVALID',
        `chain[${i}]: signature does not verify with the key of chain[${i + 1}]`,
      );
    }
  }

  return { certificates, rootIncluded };
}
