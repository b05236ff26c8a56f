import { constants, verify, type KeyObject } from 'node:crypto';
import { AttestationError } from '../errors.js';
import type { ParsedCertificate } from './certificate.js';

/** Smallest RSA modulus we accept for a key that signs certificates. */
export const MIN_RSA_SIGNING_KEY_BITS = 2048;

interface SignatureScheme {
  readonly keyType: 'ec' | 'rsa';
  readonly hash: 'sha256' | 'sha384' | 'sha512';
}

/**
 * The hash comes from the certificate's signature algorithm, never from the key: real chains
 * have P-384 keys signing with ecdsa-with-SHA256.
 */
const SIGNATURE_SCHEMES: ReadonlyMap<string, SignatureScheme> = new Map([
  ['1.2.840.10045.4.3.2', { keyType: 'ec', hash: 'sha256' }],
  ['1.2.840.10045.4.3.3', { keyType: 'ec', hash: 'sha384' }],
  ['1.2.840.10045.4.3.4', { keyType: 'ec', hash: 'sha512' }],
  ['1.2.840.113549.1.1.11', { keyType: 'rsa', hash: 'sha256' }],
  ['1.2.840.113549.1.1.12', { keyType: 'rsa', hash: 'sha384' }],
  ['1.2.840.113549.1.1.13', { keyType: 'rsa', hash: 'sha512' }],
]);

const SIGNING_CURVES: ReadonlySet<string> = new Set(['prime256v1', 'secp384r1']);

function unsupported(cert: ParsedCertificate, what: string): AttestationError {
  return new AttestationError('UNSUPPORTED_SIGNATURE_ALGORITHM', `chain[${cert.index}]: ${what}`);
}

function checkSigningKey(cert: ParsedCertificate, scheme: SignatureScheme, key: KeyObject): void {
  if (key.asymmetricKeyType !== scheme.keyType) {
    throw unsupported(
      cert,
      `signed with ${scheme.keyType} but the issuer key is not ${scheme.keyType}`,
    );
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (scheme.keyType === 'ec' && !SIGNING_CURVES.has(details.namedCurve ?? '')) {
    throw unsupported(cert, 'issuer key must be on P-256 or P-384');
  }
  if (scheme.keyType === 'rsa' && (details.modulusLength ?? 0) < MIN_RSA_SIGNING_KEY_BITS) {
    throw unsupported(cert, `issuer RSA key must have at least ${MIN_RSA_SIGNING_KEY_BITS} bits`);
  }
}

/** Resolves the scheme of a certificate's signature, refusing anything outside the table. */
export function signatureScheme(cert: ParsedCertificate): SignatureScheme {
  const scheme = SIGNATURE_SCHEMES.get(cert.signatureAlgorithm.oid);
  if (!scheme) throw unsupported(cert, `signature algorithm ${cert.signatureAlgorithm.oid}`);
  // ECDSA identifiers must omit parameters (RFC 5758), but real devices emit an explicit NULL.
  return scheme;
}

/** True when `issuerKey` made the signature on `cert`; throws when the pairing is unusable. */
export function isSignedBy(cert: ParsedCertificate, issuerKey: KeyObject): boolean {
  const scheme = signatureScheme(cert);
  checkSigningKey(cert, scheme, issuerKey);
  const key =
    scheme.keyType === 'ec'
      ? { key: issuerKey, dsaEncoding: 'der' as const }
      : { key: issuerKey, padding: constants.RSA_PKCS1_PADDING };
  try {
    return verify(scheme.hash, cert.tbs, key, cert.signature);
  } catch {
    // OpenSSL throws on some malformed signature encodings: that is a failed signature.
    return false;
  }
}

/** Like isSignedBy, but answers false instead of throwing when the key cannot be used. */
export function mightBeSignedBy(cert: ParsedCertificate, issuerKey: KeyObject): boolean {
  try {
    return isSignedBy(cert, issuerKey);
  } catch (error) {
    if (error instanceof AttestationError && error.code === 'UNSUPPORTED_SIGNATURE_ALGORITHM') {
      return false;
    }
    throw error;
  }
}
