import { sign, type KeyObject } from 'node:crypto';

import {
  createAndroidDevAttestation,
  type AndroidDevRoot,
} from '../../attestation/testing/android-dev-device.js';
import type { AndroidPlatformAttestation, EcPublicJwk } from '../src/index.js';

export interface AndroidDevPlatformOptions {
  readonly root: AndroidDevRoot;
  readonly packageName: string;
  readonly versionCode: number;
  /** Lowercase hex SHA-256 digests of the app's signing certificates. */
  readonly signatureDigests: readonly string[];
}

/**
 * Test support: an Android development device for the SDK. Its "Keystore" makes chains under
 * a private dev root (libs/attestation/testing), so only a service started with that root in
 * TESSERA_TEST_ANDROID_ROOTS (test and demo modes) accepts it.
 */
export class AndroidDevPlatform implements AndroidPlatformAttestation {
  readonly platform = 'android';
  private key: { privateKey: KeyObject; publicJwk: EcPublicJwk } | undefined;

  constructor(private readonly options: AndroidDevPlatformOptions) {}

  generateAttestedKey(challenge: Uint8Array): Promise<readonly Uint8Array[]> {
    const device = createAndroidDevAttestation(this.options.root, {
      challenge,
      packageName: this.options.packageName,
      versionCode: this.options.versionCode,
      signatureDigests: this.options.signatureDigests,
    });
    const { x, y } = device.publicJwk;
    if (typeof x !== 'string' || typeof y !== 'string') {
      throw new TypeError('dev device key is not an EC key');
    }
    this.key = { privateKey: device.privateKey, publicJwk: { kty: 'EC', crv: 'P-256', x, y } };
    return Promise.resolve(device.chain);
  }

  publicJwk(): Promise<EcPublicJwk> {
    return Promise.resolve(this.attested().publicJwk);
  }

  sign(data: Uint8Array): Promise<Uint8Array> {
    const signature = sign('sha256', data, {
      key: this.attested().privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return Promise.resolve(new Uint8Array(signature));
  }

  private attested() {
    if (this.key === undefined) {
      throw new TypeError('generateAttestedKey must run before the key is used');
    }
    return this.key;
  }
}
