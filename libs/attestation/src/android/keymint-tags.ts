/**
 * Every KeyMint / Keymaster tag that can appear in an attestation AuthorizationList, by
 * number, with the ASN.1 shape of its value. Sources: KeyMint Tag.aidl (through attestation
 * version 500, Android 17) and the older Keymaster 2-4 attestation schemas. A tag missing
 * here is refused as unknown rather than skipped: we do not accept what we cannot read.
 *
 * Shapes: `integer` INTEGER (a safe JavaScript number), `bigInteger` INTEGER kept as bigint,
 * `integerSet` SET OF INTEGER, `bigIntegerSet` SET OF INTEGER kept as bigint, `null` NULL
 * (a boolean tag that is present), `bytes` OCTET STRING, and two structures.
 */
export const KEYMINT_TAGS = {
  purpose: [1, 'integerSet'],
  algorithm: [2, 'integer'],
  keySize: [3, 'integer'],
  blockMode: [4, 'integerSet'],
  digest: [5, 'integerSet'],
  padding: [6, 'integerSet'],
  callerNonce: [7, 'null'],
  minMacLength: [8, 'integer'],
  kdf: [9, 'integerSet'], // Keymaster 2 only
  ecCurve: [10, 'integer'],
  mlDsaVariant: [11, 'integer'], // attestation version 500
  rsaPublicExponent: [200, 'integer'],
  eciesSingleHashMode: [201, 'null'], // Keymaster only
  includeUniqueId: [202, 'null'],
  mgfDigest: [203, 'integerSet'],
  blobUsageRequirements: [301, 'integer'], // Keymaster only
  bootloaderOnly: [302, 'null'],
  rollbackResistance: [303, 'null'],
  hardwareType: [304, 'integer'],
  earlyBootOnly: [305, 'null'],
  activeDateTime: [400, 'integer'],
  originationExpireDateTime: [401, 'integer'],
  usageExpireDateTime: [402, 'integer'],
  minSecondsBetweenOps: [403, 'integer'],
  maxUsesPerBoot: [404, 'integer'],
  usageCountLimit: [405, 'integer'],
  allUsers: [500, 'null'], // Keymaster only
  userId: [501, 'integer'],
  userSecureId: [502, 'bigIntegerSet'],
  noAuthRequired: [503, 'null'],
  userAuthType: [504, 'integer'],
  authTimeout: [505, 'integer'],
  allowWhileOnBody: [506, 'null'],
  trustedUserPresenceRequired: [507, 'null'],
  trustedConfirmationRequired: [508, 'null'],
  unlockedDeviceRequired: [509, 'null'],
  allApplications: [600, 'null'], // Keymaster 2-3
  applicationId: [601, 'bytes'], // Keymaster 2-3
  exportable: [602, 'null'], // Keymaster only
  applicationData: [700, 'bytes'],
  creationDateTime: [701, 'integer'],
  origin: [702, 'integer'],
  rollbackResistant: [703, 'null'], // Keymaster 2-3
  rootOfTrust: [704, 'rootOfTrust'],
  osVersion: [705, 'integer'],
  osPatchLevel: [706, 'integer'],
  uniqueId: [707, 'bytes'],
  attestationChallenge: [708, 'bytes'],
  attestationApplicationId: [709, 'applicationId'],
  attestationIdBrand: [710, 'bytes'],
  attestationIdDevice: [711, 'bytes'],
  attestationIdProduct: [712, 'bytes'],
  attestationIdSerial: [713, 'bytes'],
  attestationIdImei: [714, 'bytes'],
  attestationIdMeid: [715, 'bytes'],
  attestationIdManufacturer: [716, 'bytes'],
  attestationIdModel: [717, 'bytes'],
  vendorPatchLevel: [718, 'integer'],
  bootPatchLevel: [719, 'integer'],
  deviceUniqueAttestation: [720, 'null'],
  identityCredentialKey: [721, 'null'],
  storageKey: [722, 'null'],
  attestationIdSecondImei: [723, 'bytes'],
  moduleHash: [724, 'bytes'], // attestation version 400
  associatedData: [1000, 'bytes'],
  nonce: [1001, 'bytes'],
  authToken: [1002, 'bytes'], // Keymaster only
  macLength: [1003, 'integer'],
  resetSinceIdRotation: [1004, 'null'],
  confirmationToken: [1005, 'bytes'],
  certificateSerial: [1006, 'bigInteger'],
  certificateSubject: [1007, 'bytes'],
  certificateNotBefore: [1008, 'integer'],
  certificateNotAfter: [1009, 'integer'],
  maxBootLevel: [1010, 'integer'],
} as const;

export type KeyMintTagName = keyof typeof KEYMINT_TAGS;
export type KeyMintTagShape = (typeof KEYMINT_TAGS)[KeyMintTagName][1];

export const KEYMINT_TAG_BY_NUMBER: ReadonlyMap<
  number,
  { readonly name: KeyMintTagName; readonly shape: KeyMintTagShape }
> = new Map(
  (Object.keys(KEYMINT_TAGS) as KeyMintTagName[]).map((name) => {
    const [number, shape] = KEYMINT_TAGS[name];
    return [number, { name, shape }];
  }),
);

/** KeyPurpose.ATTEST_KEY: the key may sign attestation certificates for other keys. */
export const PURPOSE_ATTEST_KEY = 7;
