/**
 * A test-only App Attest authority: our own root and intermediate, issuing credential
 * certificates exactly as Apple's CA does. Verified with `rootCertificate` set to this root, an
 * attestation built here passes every step, so a test can break one step at a time.
 */
import 'reflect-metadata';

import { createHash, KeyObject, sign, webcrypto } from 'node:crypto';

import * as x509 from '@peculiar/x509';
import { Encoder } from 'cbor-x';

x509.cryptoProvider.set(webcrypto);

export const cbor = new Encoder({ tagUint8Array: false, useRecords: false, mapsAsObjects: false });

export const NOW = new Date('2030-01-02T00:00:00Z');
const NOT_BEFORE = new Date('2030-01-01T00:00:00Z');
const NOT_AFTER = new Date('2030-01-04T00:00:00Z');
const P384 = { name: 'ECDSA', namedCurve: 'P-384' };
const P256 = { name: 'ECDSA', namedCurve: 'P-256' };
const SHA256 = { name: 'ECDSA', hash: 'SHA-256' };
const SHA384 = { name: 'ECDSA', hash: 'SHA-384' };
const OID_NONCE = '1.2.840.113635.100.8.2';

export const sha256 = (...parts: Uint8Array[]) => {
  const hash = createHash('sha256');
  parts.forEach((part) => hash.update(part));
  return new Uint8Array(hash.digest());
};

export interface TestAuthority {
  root: x509.X509Certificate;
  rootKeys: webcrypto.CryptoKeyPair;
  intermediate: x509.X509Certificate;
  intermediateKeys: webcrypto.CryptoKeyPair;
}

const generate = (algorithm: webcrypto.EcKeyGenParams) =>
  webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);

export async function createAuthority(name = 'Test App Attestation'): Promise<TestAuthority> {
  const rootKeys = await generate(P384);
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${name} Root CA`,
    keys: rootKeys,
    signingAlgorithm: SHA384,
    notBefore: new Date('2029-01-01T00:00:00Z'),
    notAfter: new Date('2040-01-01T00:00:00Z'),
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
  });
  const intermediateKeys = await generate(P384);
  const intermediate = await x509.X509CertificateGenerator.create({
    subject: `CN=${name} CA 1`,
    issuer: root.subject,
    publicKey: intermediateKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: SHA384,
    notBefore: new Date('2029-01-01T00:00:00Z'),
    notAfter: new Date('2035-01-01T00:00:00Z'),
    extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
  });
  return { root, rootKeys, intermediate, intermediateKeys };
}

export interface AttestOptions {
  appId?: string;
  aaguid?: string;
  counter?: number;
  clientDataHash?: Uint8Array;
  /** Replaces the credential id (defaults to the key id). */
  credentialId?: Uint8Array;
  /** Replaces the COSE key point (defaults to the certified key). */
  cosePoint?: Uint8Array;
  /** CBOR-encoded bytes appended after the COSE key. */
  tail?: Uint8Array;
  /** Flags byte (defaults to AT, plus ED when a tail is given). */
  flags?: number;
  fmt?: string;
  selfSignedLeaf?: boolean;
}

export interface TestAttestation {
  attestationObject: Uint8Array;
  keyId: Uint8Array;
  clientDataHash: Uint8Array;
  appId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  authData: Uint8Array;
  x5c: Uint8Array[];
  rootCertificate: Uint8Array;
}

export const TEST_APP_ID = 'ABCDE12345.com.example.tessera';
const AAGUID_DEVELOPMENT = 'appattestdevelop';

export function aaguidBytes(label: string): Uint8Array {
  const bytes = new Uint8Array(16);
  bytes.set(Buffer.from(label, 'utf8').subarray(0, 16));
  return bytes;
}

export function buildAuthData(parts: {
  appId: string;
  flags: number;
  counter: number;
  attested?: { aaguid: Uint8Array; credentialId: Uint8Array; point: Uint8Array };
  tail?: Uint8Array;
}): Uint8Array {
  const header = Buffer.alloc(37);
  Buffer.from(sha256(Buffer.from(parts.appId))).copy(header, 0);
  header.writeUInt8(parts.flags, 32);
  header.writeUInt32BE(parts.counter, 33);
  const chunks: Uint8Array[] = [header];
  if (parts.attested) {
    const { aaguid, credentialId, point } = parts.attested;
    const length = Buffer.alloc(2);
    length.writeUInt16BE(credentialId.length);
    const cose = new Map<number, unknown>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(point.subarray(1, 33))],
      [-3, Buffer.from(point.subarray(33, 65))],
    ]);
    chunks.push(aaguid, length, credentialId, cbor.encode(cose));
  }
  if (parts.tail) {
    chunks.push(parts.tail);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export async function attest(
  authority: TestAuthority,
  options: AttestOptions = {},
): Promise<TestAttestation> {
  const appId = options.appId ?? TEST_APP_ID;
  const clientDataHash = options.clientDataHash ?? sha256(Buffer.from('challenge'));
  const leafKeys = await generate(P256);
  const point = new Uint8Array(await webcrypto.subtle.exportKey('raw', leafKeys.publicKey));
  const keyId = sha256(point);
  const authData = buildAuthData({
    appId,
    flags: options.flags ?? (options.tail ? 0xc0 : 0x40),
    counter: options.counter ?? 0,
    attested: {
      aaguid: aaguidBytes(options.aaguid ?? AAGUID_DEVELOPMENT),
      credentialId: options.credentialId ?? keyId,
      point: options.cosePoint ?? point,
    },
    ...(options.tail ? { tail: options.tail } : {}),
  });
  const nonce = sha256(authData, clientDataHash);
  const nonceExtension = Buffer.concat([Buffer.from('3024a1220420', 'hex'), nonce]);
  const leaf = await x509.X509CertificateGenerator.create({
    subject: `CN=${Buffer.from(keyId).toString('hex')}`,
    issuer: options.selfSignedLeaf
      ? `CN=${Buffer.from(keyId).toString('hex')}`
      : authority.intermediate.subject,
    publicKey: leafKeys.publicKey,
    signingKey: options.selfSignedLeaf
      ? leafKeys.privateKey
      : authority.intermediateKeys.privateKey,
    signingAlgorithm: SHA256,
    notBefore: NOT_BEFORE,
    notAfter: NOT_AFTER,
    extensions: [new x509.Extension(OID_NONCE, false, nonceExtension)],
  });
  const x5c = [new Uint8Array(leaf.rawData), new Uint8Array(authority.intermediate.rawData)];
  const attestationObject = encodeAttestation(options.fmt ?? 'apple-appattest', x5c, authData);
  return {
    attestationObject,
    keyId,
    clientDataHash,
    appId,
    privateKey: KeyObject.from(leafKeys.privateKey),
    publicKey: KeyObject.from(leafKeys.publicKey),
    authData,
    x5c,
    rootCertificate: new Uint8Array(authority.root.rawData),
  };
}

export function encodeAttestation(
  fmt: string,
  x5c: Uint8Array[],
  authData: Uint8Array,
  receipt = Buffer.from('3000', 'hex'),
): Uint8Array {
  return new Uint8Array(
    cbor.encode(
      new Map<string, unknown>([
        ['fmt', fmt],
        [
          'attStmt',
          new Map<string, unknown>([
            ['x5c', x5c.map((der) => Buffer.from(der))],
            ['receipt', Buffer.from(receipt)],
          ]),
        ],
        ['authData', Buffer.from(authData)],
      ]),
    ),
  );
}

/** An assertion exactly as a device makes it: ECDSA P-256/SHA-256 over SHA-256(authData || hash). */
export function assertWith(
  privateKey: KeyObject,
  authenticatorData: Uint8Array,
  clientDataHash: Uint8Array,
): Uint8Array {
  const signature = sign('sha256', sha256(authenticatorData, clientDataHash), privateKey);
  return encodeAssertion(signature, authenticatorData);
}

export function encodeAssertion(signature: Uint8Array, authenticatorData: Uint8Array): Uint8Array {
  return new Uint8Array(
    cbor.encode(
      new Map<string, unknown>([
        ['signature', Buffer.from(signature)],
        ['authenticatorData', Buffer.from(authenticatorData)],
      ]),
    ),
  );
}
