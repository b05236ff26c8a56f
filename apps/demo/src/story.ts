import { createAndroidDevAttestation } from '../../../libs/attestation/testing/android-dev-device.js';
import {
  createRefreshProof,
  generateSigningKey,
  issueAttestationToken,
} from '../../../libs/tokens/src/index.js';
import {
  callCustomer,
  freshChallenge,
  newProofKey,
  type ProofKey,
  replay,
  seedChallenge,
  type TokenResponse,
} from './device.js';
import { iphone, pixel7Pro } from './fixtures.js';
import { callJson } from './http.js';
import type { Narrator } from './narrator.js';
import type { Stage } from './stage.js';
import { Vendor } from './vendor.js';

const DEV_PACKAGE = 'com.tessera.demo.ward';
const DEV_DIGEST = 'd3'.repeat(32);
const RECORDS = '/api/records';

/** What the story carries from one chapter to the next. */
interface Cast {
  vendor: Vendor;
  devAppId: string;
  pixelToken?: TokenResponse;
}

export async function playStory(stage: Stage, narrator: Narrator): Promise<void> {
  const cast = await approveApps(stage, narrator);
  await enrolRealDevices(stage, narrator, cast);
  const dev = await developmentDevice(stage, narrator);
  await refusals(stage, narrator, cast, dev);
}

async function approveApps(stage: Stage, narrator: Narrator): Promise<Cast> {
  narrator.chapter('1. The vendor approves apps whose identities are those of real devices');
  const vendor = new Vendor(stage.service.url, stage.adminToken);
  await vendor.deployment(stage.stMary.deployment, 'St Mary Hospital');
  await vendor.deployment(stage.cityClinic.deployment, 'City Clinic');

  const pixel = pixel7Pro();
  const google = await vendor.organisation('Google attestation sample');
  const pixelApp = await vendor.registerAndroid(google, pixel.packageName, pixel.signingDigest);
  narrator.verdict(
    `approve ${pixel.packageName}`,
    'approved',
    await vendor.decide(pixelApp, 'approve', 'build reviewed'),
  );
  await vendor.allow(pixelApp, [stage.stMary.deployment]);

  const phone = iphone();
  const haupert = await vendor.organisation('App Attest proof of concept');
  const iosApp = await vendor.registerIos(haupert, phone.teamId, phone.bundleId);
  narrator.verdict(
    `approve ${phone.appId}`,
    'approved',
    await vendor.decide(iosApp, 'approve', 'build reviewed'),
  );
  await vendor.allow(iosApp, [stage.stMary.deployment]);

  const ward = await vendor.organisation('Demo partner');
  const devAppId = await vendor.registerAndroid(ward, DEV_PACKAGE, DEV_DIGEST);
  narrator.verdict(
    `approve ${DEV_PACKAGE}`,
    'approved',
    await vendor.decide(devAppId, 'approve', 'build reviewed'),
  );
  await vendor.allow(devAppId, [stage.stMary.deployment]);
  return { vendor, devAppId };
}

async function enrolRealDevices(stage: Stage, narrator: Narrator, cast: Cast): Promise<void> {
  narrator.chapter('2. Real devices enrol (recorded evidence, checked at the time it was made)');
  const url = stage.service.url;
  const pixel = pixel7Pro();
  const pixelChallenge = await seedChallenge(url, pixel.challenge, {
    evidenceTime: pixel.verifyAt,
  });
  const pixelEnrol = await callJson<TokenResponse>(`${url}/v1/installations/android`, {
    body: { challenge: pixelChallenge, certificateChain: pixel.chain },
  });
  narrator.verdict('Pixel 7 Pro enrols with its Key Attestation chain', '201', pixelEnrol.verdict);
  cast.pixelToken = pixelEnrol.body;

  const phone = iphone();
  const proofKey = newProofKey();
  const enrolChallenge = await seedChallenge(url, Buffer.from('iphone-enrolment'), {
    clientDataHashHex: phone.attestationClientDataHashHex,
    evidenceTime: phone.verifyAt,
  });
  const phoneEnrol = await callJson<TokenResponse>(`${url}/v1/installations/ios`, {
    body: {
      challenge: enrolChallenge,
      appId: phone.appId,
      keyId: phone.keyId,
      attestationObject: phone.attestationObject,
      proofKey: { kty: 'EC', crv: 'P-256', x: proofKey.publicJwk.x, y: proofKey.publicJwk.y },
    },
  });
  narrator.verdict('iPhone enrols with its App Attest attestation', '201', phoneEnrol.verdict);

  narrator.chapter('3. The iPhone refreshes with its real assertion: no new attestation');
  const refresh = async () =>
    callJson<TokenResponse>(`${url}/v1/tokens`, {
      body: {
        installationId: phoneEnrol.body.installationId,
        challenge: await seedChallenge(
          url,
          Buffer.from(`iphone-refresh-${Date.now()}-${Math.random()}`),
          {
            clientDataHashHex: phone.assertionClientDataHashHex,
          },
        ),
        assertion: phone.assertion,
      },
    });
  narrator.verdict('refresh with the assertion (counter 0 → 1)', '200', (await refresh()).verdict);
  narrator.verdict('the same assertion again', 'COUNTER_NOT_INCREASING', (await refresh()).verdict);
}

interface DevDevice {
  key: ProofKey;
  token: string;
  installationId: string;
}

async function developmentDevice(stage: Stage, narrator: Narrator): Promise<DevDevice> {
  narrator.chapter('4. A development device (keys made here, under a root only demo mode trusts)');
  const url = stage.service.url;
  const challenge = await freshChallenge(url);
  const device = createAndroidDevAttestation(stage.devRoot, {
    challenge: Buffer.from(challenge, 'base64url'),
    packageName: DEV_PACKAGE,
    versionCode: 42,
    signatureDigests: [DEV_DIGEST],
  });
  const enrol = await callJson<TokenResponse>(`${url}/v1/installations/android`, {
    body: {
      challenge,
      certificateChain: device.chain.map((der) => Buffer.from(der).toString('base64')),
    },
  });
  narrator.verdict('development device enrols', '201', enrol.verdict);
  const key: ProofKey = {
    privateKey: device.privateKey,
    publicJwk: device.publicJwk,
  };

  const call = await callCustomer(
    stage.stMary.url + RECORDS,
    enrol.body.token,
    key,
    stage.stMary.clock.now(),
  );
  narrator.verdict('St Mary accepts its request (token + proof)', '200', call.result.verdict);

  const refreshChallenge = await freshChallenge(url);
  const refreshed = await callJson<TokenResponse>(`${url}/v1/tokens`, {
    body: {
      installationId: enrol.body.installationId,
      challenge: refreshChallenge,
      proof: await createRefreshProof({
        privateKey: device.privateKey,
        installationId: enrol.body.installationId,
        challenge: refreshChallenge,
        now: new Date(),
      }),
    },
  });
  narrator.verdict('refresh signed by the attested key', '200', refreshed.verdict);
  const again = await callCustomer(
    stage.stMary.url + RECORDS,
    refreshed.body.token,
    key,
    stage.stMary.clock.now(),
  );
  narrator.verdict('St Mary accepts the refreshed token', '200', again.result.verdict);
  return { key, token: refreshed.body.token, installationId: enrol.body.installationId };
}

async function refusals(
  stage: Stage,
  narrator: Narrator,
  cast: Cast,
  dev: DevDevice,
): Promise<void> {
  narrator.chapter('5. What the customer server refuses');
  const records = stage.stMary.url + RECORDS;
  const now = () => stage.stMary.clock.now();
  const thief = newProofKey();
  const pixelToken = cast.pixelToken?.token;

  const copied = await callCustomer(records, pixelToken, undefined, now());
  narrator.verdict(
    "the Pixel's real token, copied, without a proof",
    'PROOF_MISSING',
    copied.result.verdict,
  );
  const stolen = await callCustomer(records, pixelToken, thief, now());
  narrator.verdict(
    "the Pixel's token with a proof by another key",
    'PROOF_KEY_MISMATCH',
    stolen.result.verdict,
  );

  await clones(stage, narrator, thief);

  const elsewhere = await callCustomer(stage.cityClinic.url + RECORDS, dev.token, dev.key, now());
  narrator.verdict(
    'a token for St Mary presented at City Clinic',
    'TOKEN_AUDIENCE_INVALID',
    elsewhere.result.verdict,
  );

  const first = await callCustomer(records, dev.token, dev.key, now());
  narrator.verdict('a fresh request', '200', first.result.verdict);
  const replayed = await replay(records, dev.token, first.proof);
  narrator.verdict('the same proof replayed', 'PROOF_REPLAYED', replayed.verdict);

  narrator.chapter('   Revocation');
  narrator.verdict(
    'the vendor revokes the development app',
    'revoked',
    await cast.vendor.decide(cast.devAppId, 'revoke', 'licence ended'),
  );
  const challenge = await freshChallenge(stage.service.url);
  const refresh = await callJson(`${stage.service.url}/v1/tokens`, {
    body: {
      installationId: dev.installationId,
      challenge,
      proof: await createRefreshProof({
        privateKey: dev.key.privateKey,
        installationId: dev.installationId,
        challenge: challenge,
        now: new Date(),
      }),
    },
  });
  narrator.verdict('the revoked app asks for a new token', 'APP_REVOKED', refresh.verdict);
  stage.stMary.clock.offsetMs = 11 * 60 * 1000;
  const later = await callCustomer(records, dev.token, dev.key, now());
  narrator.verdict(
    'eleven minutes later its last token at St Mary',
    'TOKEN_EXPIRED',
    later.result.verdict,
  );
  narrator.verdict('audit chain', 'intact', (await cast.vendor.auditIntact()).split(' ')[0] ?? '');
}

async function clones(stage: Stage, narrator: Narrator, thief: ProofKey): Promise<void> {
  const url = stage.service.url;
  for (const [label, packageName, digest, expected] of [
    ['a clone with an unregistered package', 'com.clone.ward', DEV_DIGEST, 'APP_NOT_APPROVED'],
    [
      'a clone re-signed with another certificate',
      DEV_PACKAGE,
      'ee'.repeat(32),
      'SIGNING_CERTIFICATE_MISMATCH',
    ],
  ] as const) {
    const challenge = await freshChallenge(url);
    const clone = createAndroidDevAttestation(stage.devRoot, {
      challenge: Buffer.from(challenge, 'base64url'),
      packageName,
      versionCode: 1,
      signatureDigests: [digest],
    });
    const enrol = await callJson(`${url}/v1/installations/android`, {
      body: {
        challenge,
        certificateChain: clone.chain.map((der) => Buffer.from(der).toString('base64')),
      },
    });
    narrator.verdict(`${label} asks for a token`, expected, enrol.verdict);
  }

  // Without a token from the service, a clone can only forge one with a key of its own.
  const forger = generateSigningKey();
  const jwks = await callJson<{ keys: { kid: string }[] }>(`${url}/.well-known/jwks.json`);
  const forged = await issueAttestationToken({
    signingKey: { kid: jwks.body.keys[0]?.kid ?? forger.kid, privateKey: forger.privateKey },
    issuer: 'https://tessera.demo',
    installationId: 'forged',
    audience: [stage.stMary.deployment],
    app: { id: 'forged', platform: 'android', packageName: 'com.clone.ward' },
    confirmationJwk: thief.publicJwk,
    lifetimeSeconds: 600,
    now: stage.stMary.clock.now(),
  });
  const call = await callCustomer(
    stage.stMary.url + RECORDS,
    forged,
    thief,
    stage.stMary.clock.now(),
  );
  narrator.verdict(
    'a clone with a self-signed token',
    'TOKEN_SIGNATURE_INVALID',
    call.result.verdict,
  );
}
