import { createHash, verify, type KeyObject } from 'node:crypto';

import { BuildError, type BuildErrorCode } from '../errors.js';
import { parseCertificate, type Certificate } from './certificate.js';
import { children, readTlv, slice, type Tlv } from './der.js';
import { nameKey } from './name.js';
import { decodeOid, DIGEST_OIDS, OID, SIGNATURE_OIDS } from './oid.js';

/** A CMS / PKCS #7 SignedData whose single signer's signature verified. */
export interface VerifiedCms {
  readonly signer: Certificate;
  /** Every certificate the structure carries, in stored order. */
  readonly certificates: readonly Certificate[];
  /** The signed content: the detached content given, or the encapsulated one. */
  readonly content: Uint8Array;
  readonly signingTime: Date | undefined;
  /** Signed attribute values (DER of each value) by OID. */
  readonly signedAttributes: ReadonlyMap<string, Uint8Array[]>;
}

const MALFORMED: BuildErrorCode = 'SIGNATURE_BLOCK_MALFORMED';
const TAG = {
  sequence: 0x30,
  set: 0x31,
  octetString: 0x04,
  oid: 0x06,
  context0: 0xa0,
  context1: 0xa1,
};
const MAX_CERTIFICATES = 32;

/**
 * Verifies SignedData (RFC 5652): finds the signer's certificate by issuer and serial number,
 * checks the signed attributes' message digest against the content, then the signature.
 * Chains and trust are the caller's concern.
 */
export function verifyCms(
  der: Uint8Array,
  detached: Uint8Array | undefined,
  what: string,
): VerifiedCms {
  const fail = (code: BuildErrorCode, detail: string): BuildError =>
    new BuildError(code, `${what}: ${detail}`);
  const kids = (tlv: Tlv): Tlv[] => children(der, tlv, MALFORMED, what);

  const contentInfo = readTlv(der, 0, MALFORMED, what);
  const [contentType, wrapped] = kids(contentInfo);
  if (oidOf(der, contentType) !== OID.signedData || wrapped?.tag !== TAG.context0) {
    throw fail(MALFORMED, 'expected a SignedData content');
  }
  const [signedData] = kids(wrapped);
  const fields = signedData ? kids(signedData) : [];
  const encapsulated = fields[2];
  const certificateSet = fields.find((field) => field.tag === TAG.context0);
  const signerInfos = fields.at(-1);
  if (encapsulated === undefined || signerInfos?.tag !== TAG.set)
    throw fail(MALFORMED, 'bad SignedData');

  const content = detached ?? encapsulatedContent(der, kids(encapsulated), fail);
  const certificates = certificateSet ? kids(certificateSet) : [];
  if (certificates.length > MAX_CERTIFICATES) throw fail(MALFORMED, 'too many certificates');
  const parsed = certificates.map((tlv, i) =>
    parseCertificate(slice(der, tlv), `${what} certificate ${i + 1}`),
  );

  const infos = kids(signerInfos);
  if (infos.length !== 1 || infos[0] === undefined)
    throw fail('SIGNATURE_INVALID', 'expected exactly one signer');
  return {
    ...verifySignerInfo(der, kids(infos[0]), parsed, content, fail),
    certificates: parsed,
    content,
  };
}

function encapsulatedContent(
  der: Uint8Array,
  fields: Tlv[],
  fail: (code: BuildErrorCode, detail: string) => BuildError,
): Uint8Array {
  const explicit = fields[1];
  if (explicit?.tag !== TAG.context0) throw fail('SIGNATURE_BLOCK_MALFORMED', 'no signed content');
  const octets = readTlv(der.subarray(0, explicit.end), explicit.valueStart, MALFORMED, 'content');
  if (octets.tag !== TAG.octetString)
    throw fail('SIGNATURE_BLOCK_MALFORMED', 'content is not an OCTET STRING');
  return der.subarray(octets.valueStart, octets.end);
}

function verifySignerInfo(
  der: Uint8Array,
  fields: Tlv[],
  certificates: Certificate[],
  content: Uint8Array,
  fail: (code: BuildErrorCode, detail: string) => BuildError,
): Omit<VerifiedCms, 'certificates' | 'content'> {
  const [, sid, digestAlgorithm, maybeAttributes] = fields;
  const hasAttributes = maybeAttributes?.tag === TAG.context0;
  const signatureAlgorithm = fields[hasAttributes ? 4 : 3];
  const signature = fields[hasAttributes ? 5 : 4];
  if (
    sid?.tag !== TAG.sequence ||
    !digestAlgorithm ||
    !signatureAlgorithm ||
    signature?.tag !== TAG.octetString
  ) {
    throw fail(MALFORMED, 'bad SignerInfo');
  }

  // The signer is the certificate named by issuer and serial, not the first one in the bag.
  const [issuer, serial] = children(der, sid, MALFORMED, 'signer id');
  if (issuer === undefined || serial === undefined) throw fail(MALFORMED, 'bad signer id');
  const issuerKey = nameKey(slice(der, issuer));
  const serialBytes = der.subarray(serial.valueStart, serial.end);
  const signer = certificates.find(
    (certificate) =>
      Buffer.from(certificate.serialDer).equals(serialBytes) &&
      nameKey(certificate.issuerDer) === issuerKey,
  );
  if (signer === undefined) throw fail('NO_CERTIFICATES', "signer's certificate is not included");

  const digestName = DIGEST_OIDS[algorithmOid(der, digestAlgorithm)];
  const scheme = SIGNATURE_OIDS[algorithmOid(der, signatureAlgorithm)];
  if (digestName === undefined || scheme === undefined) {
    throw fail('UNSUPPORTED_SIGNATURE_ALGORITHM', 'unknown digest or signature algorithm');
  }

  let signedBytes: Uint8Array = content;
  let signedAttributes = new Map<string, Uint8Array[]>();
  if (hasAttributes) {
    signedAttributes = readAttributes(der, maybeAttributes);
    checkAttributes(signedAttributes, createHash(digestName).update(content).digest(), fail);
    // The signature covers the attributes re-tagged as a SET OF (RFC 5652 section 5.4).
    signedBytes = Buffer.from(slice(der, maybeAttributes));
    signedBytes[0] = TAG.set;
  }

  const hash = scheme.hash ?? digestName;
  const key = signer.publicKey;
  if (key.asymmetricKeyType !== scheme.keyType)
    throw fail('SIGNATURE_INVALID', 'key type differs from algorithm');
  const valid = verifyOrFalse(
    hash,
    signedBytes,
    key,
    der.subarray(signature.valueStart, signature.end),
  );
  if (!valid) throw fail('SIGNATURE_INVALID', 'signature does not verify');

  return { signer, signingTime: signingTimeOf(signedAttributes), signedAttributes };
}

function checkAttributes(
  attributes: Map<string, Uint8Array[]>,
  digest: Buffer,
  fail: (code: BuildErrorCode, detail: string) => BuildError,
): void {
  const [messageDigest, ...extra] = attributes.get(OID.messageDigest) ?? [];
  if (messageDigest === undefined || extra.length > 0)
    throw fail(MALFORMED, 'expected one messageDigest');
  const octets = readTlv(messageDigest, 0, MALFORMED, 'messageDigest');
  if (!digest.equals(messageDigest.subarray(octets.valueStart, octets.end))) {
    throw fail('DIGEST_MISMATCH', 'messageDigest does not match the content');
  }
}

function readAttributes(der: Uint8Array, set: Tlv): Map<string, Uint8Array[]> {
  const attributes = new Map<string, Uint8Array[]>();
  for (const attribute of children(der, set, MALFORMED, 'signed attributes')) {
    const [type, values] = children(der, attribute, MALFORMED, 'signed attribute');
    if (type === undefined || values?.tag !== TAG.set) continue;
    const oid = oidOf(der, type);
    const list = children(der, values, MALFORMED, 'attribute values').map((value) =>
      slice(der, value),
    );
    attributes.set(oid, [...(attributes.get(oid) ?? []), ...list]);
  }
  return attributes;
}

function signingTimeOf(attributes: Map<string, Uint8Array[]>): Date | undefined {
  const value = attributes.get(OID.signingTime)?.[0];
  if (value === undefined) return undefined;
  const tlv = readTlv(value, 0, MALFORMED, 'signingTime');
  const text = Buffer.from(value.subarray(tlv.valueStart, tlv.end)).toString('latin1');
  const match = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (match === null) throw new BuildError(MALFORMED, 'signingTime: expected YYMMDDhhmmssZ');
  const [, y = '', mo = '', d = '', h = '', mi = '', s = ''] = match;
  const year = y.length === 4 ? Number(y) : Number(y) + (Number(y) < 50 ? 2000 : 1900);
  return new Date(Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

function oidOf(der: Uint8Array, tlv: Tlv | undefined): string {
  if (tlv?.tag !== TAG.oid) throw new BuildError(MALFORMED, 'expected an OBJECT IDENTIFIER');
  return decodeOid(der.subarray(tlv.valueStart, tlv.end));
}

function algorithmOid(der: Uint8Array, algorithm: Tlv): string {
  return oidOf(der, children(der, algorithm, MALFORMED, 'algorithm')[0]);
}

function verifyOrFalse(
  hash: string,
  data: Uint8Array,
  key: KeyObject,
  signature: Uint8Array,
): boolean {
  try {
    return verify(hash, data, key, signature);
  } catch {
    // A signature that cannot be decoded does not verify.
    return false;
  }
}
