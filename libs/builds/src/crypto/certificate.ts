import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate as X509, type Name } from '@peculiar/asn1-x509';

import { BuildError } from '../errors.js';
import { children, readTlv, slice } from './der.js';

/** A signing certificate, kept as the exact bytes it was stored as. */
export interface Certificate {
  readonly der: Uint8Array;
  /** SHA-256 over the stored bytes, lowercase hex: the identity reviewers approve. */
  readonly sha256: string;
  readonly subject: string;
  readonly issuerDer: Uint8Array;
  readonly serialDer: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: KeyObject;
}

const CONTEXT_0 = 0xa0;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Parses a certificate without re-encoding it. Only the fields needed to find and verify a
 * signer are read; a certificate whose structure cannot be walked is refused.
 */
export function parseCertificate(der: Uint8Array, what: string): Certificate {
  const code = 'CERTIFICATE_MALFORMED';
  const outer = readTlv(der, 0, code, what);
  if (outer.end !== der.length) throw new BuildError(code, `${what}: trailing bytes`);
  const [tbs] = children(der, outer, code, what);
  if (tbs === undefined) throw new BuildError(code, `${what}: expected tbsCertificate`);
  const fields = children(der, tbs, code, what);
  const offset = fields[0]?.tag === CONTEXT_0 ? 1 : 0;
  const [serial, , issuer, , , spki] = fields.slice(offset);
  if (serial === undefined || issuer === undefined || spki === undefined) {
    throw new BuildError(code, `${what}: expected serial, issuer and subjectPublicKeyInfo`);
  }

  let publicKey: KeyObject;
  let parsed: X509;
  try {
    publicKey = createPublicKey({
      key: Buffer.from(slice(der, spki)),
      format: 'der',
      type: 'spki',
    });
    parsed = AsnConvert.parse(der, X509);
  } catch {
    throw new BuildError(code, `${what}: expected an X.509 certificate with a usable public key`);
  }
  return {
    der,
    sha256: sha256Hex(der),
    subject: formatName(parsed.tbsCertificate.subject),
    issuerDer: slice(der, issuer),
    serialDer: der.subarray(serial.valueStart, serial.end),
    notBefore: parsed.tbsCertificate.validity.notBefore.getTime(),
    notAfter: parsed.tbsCertificate.validity.notAfter.getTime(),
    publicKey,
  };
}

// Short names for the attribute types seen in signing certificates (RFC 4514 plus UID).
const NAME_KEYS: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.1': 'UID',
};

/** A distinguished name as "CN=..,OU=..", most significant attribute last as stored. */
function formatName(name: Name): string {
  const parts: string[] = [];
  for (const rdn of [...name].reverse()) {
    for (const attribute of rdn) {
      parts.push(`${NAME_KEYS[attribute.type] ?? attribute.type}=${attribute.value.toString()}`);
    }
  }
  return parts.join(',');
}
