import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/demo/fixtures, from the sources or from their compiled copy under dist/. */
const FIXTURES = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'apps',
  'demo',
  'fixtures',
);

interface Vector {
  input: Record<string, unknown>;
}

function load(file: string): Record<string, unknown> {
  return (JSON.parse(readFileSync(resolve(FIXTURES, file), 'utf8')) as Vector).input;
}

/** A Pixel 7 Pro (Android 13, RKP), as recorded by Google's attestation sample app. */
export function pixel7Pro() {
  const input = load('google-android-key-attestation_pixel7pro_normal_cert_chain.json');
  return {
    packageName: 'com.google.attestationexample',
    signingDigest: '68856d1d06f637d6255face5b224db43a9514ace538bb1548b844480fcd85c87',
    challenge: Buffer.from(input.expectedChallengeHex as string, 'hex'),
    verifyAt: input.verifyAt as string,
    chain: (input.chainPem as string[]).map((pem) =>
      new X509Certificate(pem).raw.toString('base64'),
    ),
  };
}

/** An iPhone on iOS 14.2 (App Attest, development), its attestation and first assertion. */
export function iphone() {
  const attestation = load('veehaitch_ios-14.2_attestation.json');
  const assertion = load('veehaitch_ios-14.2_assertion.json');
  return {
    teamId: attestation.teamId as string,
    bundleId: attestation.bundleId as string,
    appId: attestation.appId as string,
    keyId: attestation.keyIdBase64 as string,
    attestationObject: attestation.attestationObjectBase64 as string,
    attestationClientDataHashHex: attestation.clientDataHashHex as string,
    verifyAt: attestation.verifyAt as string,
    assertion: assertion.assertionBase64 as string,
    assertionClientDataHashHex: assertion.clientDataHashHex as string,
  };
}
