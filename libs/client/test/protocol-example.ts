import { createECDH, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

import { issueAttestationToken, signingKeyFrom } from '../../tokens/src/index.js';
import { base64url, sha256, utf8 } from '../src/encoding.js';
import {
  accessTokenHash,
  enrolmentClientDataHash,
  jwkThumbprint,
  refreshClientDataHash,
  targetUri,
  thumbprintInput,
  type EcPublicJwk,
} from '../src/index.js';

/** The fixed inputs of PROTOCOL.md's worked example. Example keys only: never use them. */
export const EXAMPLE_INPUTS = {
  proofKeyD: Buffer.from(Array.from({ length: 32 }, (_, i) => i + 1)),
  vendorSeed: Buffer.from(Array.from({ length: 32 }, (_, i) => 0xa0 + i)),
  enrolmentChallenge: Buffer.from(Array.from({ length: 32 }, (_, i) => i)),
  refreshChallenge: Buffer.from(Array.from({ length: 32 }, (_, i) => 0x20 + i)),
  installationId: '3f2c1e8a-5b7d-4c1e-9a0b-6d4e2f1a8c90',
  issuer: 'https://tessera.vendor.example',
  deployment: 'plant-7',
  tokenIssuedAt: 1_796_400_000,
  tokenJti: 'example-token-jti',
  refreshIssuedAt: 1_796_400_300,
  requestMethod: 'GET',
  requestUrl: 'https://api.plant7.example/api/records?page=2',
  proofIssuedAt: 1_796_400_030,
  proofJti: 'example-proof-jti',
} as const;

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface ExampleKeys {
  readonly proofPrivateKey: KeyObject;
  readonly proofJwk: EcPublicJwk;
  readonly vendorPrivateKey: KeyObject;
  readonly vendorPublicKey: KeyObject;
}

export function exampleKeys(): ExampleKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(EXAMPLE_INPUTS.proofKeyD);
  const point = ecdh.getPublicKey();
  const proofJwk: EcPublicJwk = {
    kty: 'EC',
    crv: 'P-256',
    x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33, 65).toString('base64url'),
  };
  const proofPrivateKey = createPrivateKey({
    key: { ...proofJwk, d: EXAMPLE_INPUTS.proofKeyD.toString('base64url') },
    format: 'jwk',
  });
  const vendorPrivateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, EXAMPLE_INPUTS.vendorSeed]),
    format: 'der',
    type: 'pkcs8',
  });
  return {
    proofPrivateKey,
    proofJwk,
    vendorPrivateKey,
    vendorPublicKey: createPublicKey(vendorPrivateKey),
  };
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const b64url = (text: string) => base64url(utf8(text));

/**
 * Every deterministic value of the worked example, by the name PROTOCOL.md gives it. ES256
 * signatures are randomised, so for them only the signing input is deterministic.
 */
export async function exampleValues(): Promise<Record<string, string>> {
  const input = EXAMPLE_INPUTS;
  const keys = exampleKeys();
  const challenge = input.enrolmentChallenge.toString('base64url');
  const refreshChallenge = input.refreshChallenge.toString('base64url');
  const vendor = signingKeyFrom(keys.vendorPrivateKey, keys.vendorPublicKey);
  const token = await issueAttestationToken({
    signingKey: vendor,
    issuer: input.issuer,
    installationId: input.installationId,
    audience: [input.deployment],
    app: {
      id: 'app-field',
      platform: 'android',
      packageName: 'com.vendor.field',
      version: '3.1.0',
    },
    confirmationJwk: keys.proofJwk,
    lifetimeSeconds: 600,
    now: new Date(input.tokenIssuedAt * 1000),
    jti: input.tokenJti,
  });
  const [tokenHeader, tokenPayload, tokenSignature] = token.split('.') as [string, string, string];
  const refreshHeader = JSON.stringify({ alg: 'ES256', typ: 'tessera-refresh+jwt' });
  const refreshPayload = JSON.stringify({
    sub: input.installationId,
    chl: refreshChallenge,
    iat: input.refreshIssuedAt,
  });
  const proofHeader = JSON.stringify({ typ: 'dpop+jwt', alg: 'ES256', jwk: keys.proofJwk });
  const proofPayload = JSON.stringify({
    jti: input.proofJti,
    htm: input.requestMethod,
    htu: targetUri(input.requestUrl),
    iat: input.proofIssuedAt,
    ath: await accessTokenHash(token),
  });
  return {
    'proof key d (hex)': input.proofKeyD.toString('hex'),
    'proof key x': keys.proofJwk.x,
    'proof key y': keys.proofJwk.y,
    'thumbprint input': thumbprintInput(keys.proofJwk),
    'thumbprint T': await jwkThumbprint(keys.proofJwk),
    'enrolment challenge': challenge,
    'android attestationChallenge (hex)': input.enrolmentChallenge.toString('hex'),
    'ios enrolment clientData string': `${challenge}.${await jwkThumbprint(keys.proofJwk)}`,
    'ios enrolment clientDataHash (hex)': hex(
      await enrolmentClientDataHash(challenge, keys.proofJwk),
    ),
    'installation id': input.installationId,
    'refresh challenge': refreshChallenge,
    'ios refresh clientData string': `${refreshChallenge}.${input.installationId}`,
    'ios refresh clientDataHash (hex)': hex(
      await refreshClientDataHash(refreshChallenge, input.installationId),
    ),
    'android refresh header': refreshHeader,
    'android refresh payload': refreshPayload,
    'android refresh signing input': `${b64url(refreshHeader)}.${b64url(refreshPayload)}`,
    'vendor seed (hex)': input.vendorSeed.toString('hex'),
    'vendor kid': vendor.kid,
    'token header': Buffer.from(tokenHeader, 'base64url').toString('utf8'),
    'token payload': Buffer.from(tokenPayload, 'base64url').toString('utf8'),
    'token signing input': `${tokenHeader}.${tokenPayload}`,
    'token signature': tokenSignature,
    token,
    'request url': input.requestUrl,
    htu: targetUri(input.requestUrl),
    ath: await accessTokenHash(token),
    'ath input SHA-256 (hex)': hex(await sha256(utf8(token))),
    'dpop header': proofHeader,
    'dpop payload': proofPayload,
    'dpop signing input': `${b64url(proofHeader)}.${b64url(proofPayload)}`,
  };
}
