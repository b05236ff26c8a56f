import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import request from 'supertest';
import {
  createAndroidDevAttestation,
  createAndroidDevRoot,
  type AndroidDevRoot,
} from '../../../libs/attestation/testing/android-dev-device.js';
import { createRefreshProof } from '../../../libs/tokens/src/index.js';
import { AdminClient } from './support/admin-client.js';
import {
  chainToBase64Der,
  IPHONE_ASSERTION,
  IPHONE_ATTESTATION,
  loadVector,
  PIXEL_7_PRO,
} from './support/fixtures.js';
import { startTestService, type TestService } from './support/test-service.js';

const SITE = 'st-mary-hospital';
const DEV_PACKAGE = 'com.tessera.devapp';
const DEV_DIGEST = '3c'.repeat(32);

interface TokenBody {
  installationId: string;
  token: string;
  audience: string[];
}

describe('enrolment and refresh on real device evidence', () => {
  let service: TestService;
  let admin: AdminClient;
  let devRoot: AndroidDevRoot;

  beforeAll(async () => {
    devRoot = createAndroidDevRoot();
    service = await startTestService({
      env: {
        TESSERA_TEST_ANDROID_ROOTS: devRoot.publicKey.export({
          type: 'spki',
          format: 'pem',
        }) as string,
      },
    });
    admin = new AdminClient(service);
    await admin.deployment(SITE);
  });
  afterAll(() => service.shutdown());

  async function seed(
    challenge: Buffer,
    extra: { clientDataHashHex?: string; evidenceTime?: string } = {},
  ) {
    const res = await request(service.url)
      .post('/v1/test/challenges')
      .send({ challenge: challenge.toString('base64url'), ...extra })
      .expect(201);
    return (res.body as { challenge: string }).challenge;
  }

  async function freshChallenge(): Promise<string> {
    const res = await request(service.url).post('/v1/challenges').expect(201);
    return (res.body as { challenge: string }).challenge;
  }

  async function verifyIssued(body: TokenBody, expectedCnf: JWK): Promise<Record<string, unknown>> {
    const jwks = await request(service.url).get('/.well-known/jwks.json').expect(200);
    const { payload, protectedHeader } = await jwtVerify(
      body.token,
      createLocalJWKSet(jwks.body as { keys: JWK[] }),
      {
        issuer: 'https://tessera.test',
        audience: SITE,
        algorithms: ['EdDSA'],
        typ: 'oauth-client-attestation+jwt',
      },
    );
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload.sub).toBe(body.installationId);
    expect((payload.cnf as { jwk: JWK }).jwk).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: expectedCnf.x,
      y: expectedCnf.y,
    });
    expect(payload.exp! - payload.iat!).toBe(600);
    return payload;
  }

  it('enrols a real Pixel 7 Pro and binds its attested key into the token', async () => {
    const vector = loadVector(PIXEL_7_PRO);
    await admin.approvedAndroidApp(
      {
        packageName: 'com.google.attestationexample',
        signingDigests: ['68856d1d06f637d6255face5b224db43a9514ace538bb1548b844480fcd85c87'],
      },
      [SITE],
    );
    const challenge = await seed(Buffer.from(vector.input.expectedChallengeHex as string, 'hex'), {
      evidenceTime: vector.input.verifyAt,
    });

    const res = await request(service.url)
      .post('/v1/installations/android')
      .send({ challenge, certificateChain: chainToBase64Der(vector.input.chainPem as string[]) })
      .expect(201);

    const body = res.body as TokenBody;
    expect(body.audience).toEqual([SITE]);
    const leafKey = decodeJwt(body.token).cnf as { jwk: JWK };
    const payload = await verifyIssued(body, leafKey.jwk);
    expect(payload.app).toMatchObject({
      platform: 'android',
      packageName: 'com.google.attestationexample',
    });
  });

  it('refuses a real chain cut short to its leaf', async () => {
    const vector = loadVector(PIXEL_7_PRO);
    const challenge = await seed(Buffer.from(vector.input.expectedChallengeHex as string, 'hex'), {
      evidenceTime: vector.input.verifyAt,
    });
    const cut = await request(service.url)
      .post('/v1/installations/android')
      .send({
        challenge,
        certificateChain: chainToBase64Der(vector.input.chainPem as string[]).slice(0, 1),
      })
      .expect(403);
    expect(cut.body.error).toBe('UNTRUSTED_ROOT');
  });

  it('enrols a real iPhone, refreshes with its real assertion, and refuses that assertion again', async () => {
    const attestation = loadVector(IPHONE_ATTESTATION);
    const assertion = loadVector(IPHONE_ASSERTION);
    await admin.approvedIosApp(
      {
        teamId: '6MURL8TA57',
        bundleId: 'de.vincent-haupert.apple-appattest-poc',
        environment: 'development',
      },
      [SITE],
    );
    const proofKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      format: 'jwk',
    }) as JWK;
    const enrolChallenge = await seed(Buffer.from('ios-enrol'), {
      clientDataHashHex: attestation.input.clientDataHashHex as string,
      evidenceTime: attestation.input.verifyAt,
    });

    const enrolled = await request(service.url)
      .post('/v1/installations/ios')
      .send({
        challenge: enrolChallenge,
        appId: attestation.input.appId,
        keyId: attestation.input.keyIdBase64,
        attestationObject: attestation.input.attestationObjectBase64,
        proofKey: { kty: 'EC', crv: 'P-256', x: proofKey.x, y: proofKey.y },
      })
      .expect(201);
    const body = enrolled.body as TokenBody;
    await verifyIssued(body, proofKey);

    const refresh = async () =>
      request(service.url)
        .post('/v1/tokens')
        .send({
          installationId: body.installationId,
          challenge: await seed(Buffer.from(`ios-refresh-${Math.random()}`), {
            clientDataHashHex: assertion.input.clientDataHashHex as string,
          }),
          assertion: assertion.input.assertionBase64,
        });
    const refreshed = await refresh();
    expect(refreshed.status).toBe(200);
    await verifyIssued(refreshed.body as TokenBody, proofKey);

    const replayed = await refresh();
    expect(replayed.status).toBe(403);
    expect(replayed.body.error).toBe('COUNTER_NOT_INCREASING');
  });

  describe('a development device under the test root', () => {
    let appId: string;

    beforeAll(async () => {
      appId = await admin.approvedAndroidApp(
        { packageName: DEV_PACKAGE, signingDigests: [DEV_DIGEST] },
        [SITE],
      );
    });

    async function enrolDevDevice(packageName = DEV_PACKAGE, digest = DEV_DIGEST) {
      const challenge = await freshChallenge();
      const device = createAndroidDevAttestation(devRoot, {
        challenge: Buffer.from(challenge, 'base64url'),
        packageName,
        versionCode: 7,
        signatureDigests: [digest],
      });
      const res = await request(service.url)
        .post('/v1/installations/android')
        .send({
          challenge,
          certificateChain: device.chain.map((der) => Buffer.from(der).toString('base64')),
        });
      return { res, device };
    }

    /** What an Android app sends to refresh: a proof by its key over a fresh challenge. */
    async function refreshAndroid(key: KeyObject, installationId: string, challenge: string) {
      const proof = await createRefreshProof({
        privateKey: key,
        installationId,
        challenge,
        now: new Date(),
      });
      return await request(service.url)
        .post('/v1/tokens')
        .send({ installationId, challenge, proof });
    }

    it('enrols, then refreshes with a proof signed by the attested key', async () => {
      const { res, device } = await enrolDevDevice();
      expect(res.status).toBe(201);
      const body = res.body as TokenBody;
      await verifyIssued(body, device.publicJwk);

      const challenge = await freshChallenge();
      const refreshed = await refreshAndroid(device.privateKey, body.installationId, challenge);
      expect(refreshed.status).toBe(200);
      expect(decodeProtectedHeader((refreshed.body as TokenBody).token).alg).toBe('EdDSA');
    });

    it('refuses a refresh proof signed by another key, and one for another challenge', async () => {
      const { res, device } = await enrolDevDevice();
      const body = res.body as TokenBody;
      const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const challenge = await freshChallenge();
      const forged = await refreshAndroid(stranger, body.installationId, challenge);
      expect(forged.status).toBe(401);
      expect(forged.body.error).toBe('REFRESH_PROOF_INVALID');

      // A proof made for one challenge, sent with another.
      const issued = await freshChallenge();
      const proof = await createRefreshProof({
        privateKey: device.privateKey,
        installationId: body.installationId,
        challenge: await freshChallenge(),
        now: new Date(),
      });
      const misbound = await request(service.url)
        .post('/v1/tokens')
        .send({ installationId: body.installationId, challenge: issued, proof })
        .expect(401);
      expect(misbound.body.error).toBe('REFRESH_PROOF_INVALID');
    });

    it('refuses a clone: an unregistered package, and the right package with another signing key', async () => {
      const unregistered = await enrolDevDevice('com.clone.devapp');
      expect(unregistered.res.status).toBe(403);
      expect(unregistered.res.body.error).toBe('APP_NOT_APPROVED');

      const resigned = await enrolDevDevice(DEV_PACKAGE, 'ee'.repeat(32));
      expect(resigned.res.status).toBe(403);
      expect(resigned.res.body.error).toBe('SIGNING_CERTIFICATE_MISMATCH');
    });

    it('stops new tokens at once when the app is revoked or the installation is revoked', async () => {
      const { res, device } = await enrolDevDevice();
      const body = res.body as TokenBody;
      await request(service.url)
        .post(`/v1/admin/installations/${body.installationId}/revoke`)
        .set(service.adminAuth)
        .send({ note: 'lost phone' })
        .expect(200);
      const challenge = await freshChallenge();
      const refused = await refreshAndroid(device.privateKey, body.installationId, challenge);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe('INSTALLATION_REVOKED');

      await admin.review(appId, 'revoke');
      const again = await enrolDevDevice();
      expect(again.res.status).toBe(403);
      expect(again.res.body.error).toBe('APP_REVOKED');
      await admin.review(appId, 'approve');
    });
  });
});
