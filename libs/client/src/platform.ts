/** An EC P-256 public key as a JWK; the only proof-of-possession key type apps use. */
export interface EcPublicJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
}

/** The proof-of-possession key: held in hardware, never leaves the device. */
export interface ProofKeySigner {
  /** The public half. On Android, available once `generateAttestedKey` has run. */
  publicJwk(): Promise<EcPublicJwk>;
  /**
   * ECDSA P-256 with SHA-256 over `data` (the key hashes; pass the bytes, not a digest),
   * returned in JOSE form: 64 bytes, r then s, each big-endian and left-padded to 32 bytes.
   * Android Keystore and iOS SecKeyCreateSignature return DER: convert before returning.
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** Android Key Attestation: the attested Keystore key is also the proof key. */
export interface AndroidPlatformAttestation extends ProofKeySigner {
  readonly platform: 'android';
  /**
   * Generates the Keystore key (EC P-256, SIGN, SHA-256) with `setAttestationChallenge(challenge)`
   * and returns its certificate chain, leaf first, each certificate as DER.
   */
  generateAttestedKey(challenge: Uint8Array): Promise<readonly Uint8Array[]>;
}

/** Apple App Attest: the App Attest key attests, a Secure Enclave key proves possession. */
export interface IosPlatformAttestation extends ProofKeySigner {
  readonly platform: 'ios';
  /** `<teamId>.<bundleId>` of the app. */
  readonly appId: string;
  /** `DCAppAttestService.generateKey`, then `attestKey(keyId, clientDataHash)`. */
  attestKey(clientDataHash: Uint8Array): Promise<{ keyId: string; attestationObject: Uint8Array }>;
  /** `DCAppAttestService.generateAssertion(keyId, clientDataHash)` with the attested key. */
  generateAssertion(clientDataHash: Uint8Array): Promise<Uint8Array>;
}

/**
 * What an app's platform provides to the SDK: React Native modules on devices, a test harness
 * in tests. The SDK builds every hashed and signed byte string itself (PROTOCOL.md), so a
 * platform only generates keys, attests and signs.
 */
export type PlatformAttestation = AndroidPlatformAttestation | IosPlatformAttestation;
