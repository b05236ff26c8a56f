import {
  generateKeyPairSync,
  randomBytes,
  sign,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import {
  AttestationApplicationId,
  AttestationPackageInfo,
  AuthorizationList,
  IntegerSet,
  KeyMintKeyDescription,
  RootOfTrust,
  SecurityLevel as AsnSecurityLevel,
  VerifiedBootState as AsnBootState,
  id_ce_keyDescription,
} from '@peculiar/asn1-android';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_basicConstraints,
} from '@peculiar/asn1-x509';

/**
 * Test support: a stand-in for a phone's keystore. It makes a private root and, under it,
 * attestation chains shaped like real RKP chains (leaf with a KeyDescription, a TEE batch
 * certificate with the provisioning-info extension, the root). Never trust its root in
 * production: verifying with the default Google keys fails with UNTRUSTED_ROOT, as it must.
 */

export interface AndroidDevRoot {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  /** DER of the self-signed root certificate. */
  readonly certificate: Uint8Array;
}

export interface AndroidDevAttestationOptions {
  readonly challenge: Uint8Array;
  readonly packageName: string;
  readonly versionCode: number;
  /** Lowercase hex SHA-256 digests of the app's signing certificates. */
  readonly signatureDigests: readonly string[];
  readonly securityLevel?: 'Software' | 'TrustedEnvironment' | 'StrongBox';
  readonly deviceLocked?: boolean;
  readonly verifiedBootState?: 'Verified' | 'SelfSigned' | 'Unverified' | 'Failed';
  /** YYYYMM. */
  readonly osPatchLevel?: number;
  /** Centre of the batch certificate's validity window. Default: the current time. */
  readonly now?: Date;
}

export interface AndroidDevAttestation {
  /** Leaf, batch intermediate, root. */
  readonly chain: Uint8Array[];
  /** The attested P-256 key: it can sign proofs of possession. */
  readonly privateKey: KeyObject;
  readonly publicJwk: JsonWebKey;
}

const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const PROVISIONING_INFO_OID = '1.3.6.1.4.1.11129.2.1.30';
const DAY_MS = 24 * 60 * 60 * 1000;

function name(commonName: string, organisation?: string): Name {
  const rdn = (type: string, value: string) =>
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) }),
    ]);
  return new Name([
    ...(organisation ? [rdn('2.5.4.10', organisation)] : []),
    rdn('2.5.4.3', commonName),
  ]);
}

function extension(oid: string, critical: boolean, value: ArrayBuffer): Extension {
  return new Extension({ extnID: oid, critical, extnValue: new OctetString(value) });
}

function caExtension(): Extension {
  return extension(
    id_ce_basicConstraints,
    true,
    AsnConvert.serialize(new BasicConstraints({ cA: true })),
  );
}

interface CertificateSpec {
  readonly subject: Name;
  readonly issuer: Name;
  readonly serial: Uint8Array;
  readonly publicKey: KeyObject;
  readonly signer: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: Extension[];
}

/** 16 random bytes, first bit clear: a positive serial, unique like a real CA's. */
function randomSerial(): Uint8Array {
  const serial = new Uint8Array(randomBytes(16));
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  return serial;
}

function issueCertificate(spec: CertificateSpec): Uint8Array {
  const algorithm = new AlgorithmIdentifier({ algorithm: ECDSA_SHA256 });
  const spki = spec.publicKey.export({ type: 'spki', format: 'der' });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: spec.serial.slice().buffer,
    signature: algorithm,
    issuer: spec.issuer,
    validity: new Validity({ notBefore: spec.notBefore, notAfter: spec.notAfter }),
    subject: spec.subject,
    subjectPublicKeyInfo: AsnConvert.parse(spki, SubjectPublicKeyInfo),
    extensions: new Extensions(spec.extensions),
  });
  const signature = sign('sha256', Buffer.from(AsnConvert.serialize(tbs)), {
    key: spec.signer,
    dsaEncoding: 'der',
  });
  const certificate = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: algorithm,
    signatureValue: new Uint8Array(signature).buffer,
  });
  return new Uint8Array(AsnConvert.serialize(certificate));
}

const ROOT_NAME = name('Tessera Android Dev Root', 'Tessera Test');

/** A private P-256 root with a self-signed CA certificate valid for ten years. */
export function createAndroidDevRoot(now: Date = new Date()): AndroidDevRoot {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const certificate = issueCertificate({
    subject: ROOT_NAME,
    issuer: ROOT_NAME,
    serial: randomSerial(),
    publicKey,
    signer: privateKey,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + 3650 * DAY_MS),
    extensions: [caExtension()],
  });
  return { publicKey, privateKey, certificate };
}

function keyDescription(options: AndroidDevAttestationOptions, now: Date): ArrayBuffer {
  const level =
    AsnSecurityLevel[
      options.securityLevel === 'StrongBox'
        ? 'strongBox'
        : options.securityLevel === 'Software'
          ? 'software'
          : 'trustedEnvironment'
    ];
  const bootState = {
    Verified: AsnBootState.verified,
    SelfSigned: AsnBootState.selfSigned,
    Unverified: AsnBootState.unverified,
    Failed: AsnBootState.failed,
  }[options.verifiedBootState ?? 'Verified'];
  const applicationId = new AttestationApplicationId({
    packageInfos: [
      new AttestationPackageInfo({
        packageName: new OctetString(Buffer.from(options.packageName, 'utf8')),
        version: options.versionCode,
      }),
    ],
    signatureDigests: options.signatureDigests.map((d) => new OctetString(Buffer.from(d, 'hex'))),
  });
  const osPatchLevel = options.osPatchLevel ?? 202601;
  const description = new KeyMintKeyDescription({
    attestationVersion: 300,
    attestationSecurityLevel: level,
    keyMintVersion: 300,
    keyMintSecurityLevel: level,
    attestationChallenge: new OctetString(options.challenge),
    uniqueId: new OctetString(new Uint8Array(0)),
    softwareEnforced: new AuthorizationList({
      creationDateTime: now.getTime(),
      attestationApplicationId: new OctetString(AsnConvert.serialize(applicationId)),
    }),
    hardwareEnforced: new AuthorizationList({
      purpose: new IntegerSet([2]),
      algorithm: 3,
      keySize: 256,
      digest: new IntegerSet([4]),
      ecCurve: 1,
      noAuthRequired: null,
      origin: 0,
      rootOfTrust: new RootOfTrust({
        verifiedBootKey: new OctetString(new Uint8Array(32).fill(7)),
        deviceLocked: options.deviceLocked ?? true,
        verifiedBootState: bootState,
        verifiedBootHash: new OctetString(new Uint8Array(32).fill(9)),
      }),
      osVersion: 150000,
      osPatchLevel,
      vendorPatchLevel: osPatchLevel * 100 + 1,
      bootPatchLevel: osPatchLevel * 100 + 1,
    }),
  });
  return AsnConvert.serialize(description);
}

/** A leaf attesting a fresh P-256 key, signed by a batch key that the root certifies. */
export function createAndroidDevAttestation(
  root: AndroidDevRoot,
  options: AndroidDevAttestationOptions,
): AndroidDevAttestation {
  const now = options.now ?? new Date();
  const batch = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const attested = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const batchName = name('dev-batch-0001', 'TEE');

  const intermediate = issueCertificate({
    subject: batchName,
    issuer: ROOT_NAME,
    serial: randomSerial(),
    publicKey: batch.publicKey,
    signer: root.privateKey,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + 30 * DAY_MS),
    // The RKP marker (CBOR map {1: 1}) makes the verifier enforce this certificate's dates.
    extensions: [
      caExtension(),
      extension(PROVISIONING_INFO_OID, false, new Uint8Array([0xa1, 0x01, 0x01]).buffer),
    ],
  });
  const leaf = issueCertificate({
    subject: name('Android Keystore Key'),
    issuer: batchName,
    // Keystore leaves carry serial 1, as on real devices.
    serial: Uint8Array.of(1),
    publicKey: attested.publicKey,
    signer: batch.privateKey,
    notBefore: new Date(0),
    notAfter: new Date(Date.UTC(2048, 0, 1)),
    extensions: [extension(id_ce_keyDescription, false, keyDescription(options, now))],
  });

  return {
    chain: [leaf, intermediate, root.certificate],
    privateKey: attested.privateKey,
    publicJwk: attested.publicKey.export({ format: 'jwk' }),
  };
}
