import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import {
  type AndroidDevAttestation,
  createAndroidDevAttestation,
  createAndroidDevRoot,
  type AndroidDevRoot,
} from '../../../libs/attestation/testing/android-dev-device.js';
import { createRefreshProof } from '../../../libs/tokens/src/index.js';
import { TokenActivityRecorder } from '../src/ops/token-activity.recorder.js';
import type { AppActivity } from '../src/portal/activity.service.js';
import { AdminClient } from './support/admin-client.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { startTestService, type TestService } from './support/test-service.js';

const SITE = 'activity-site';
const PACKAGE = 'com.tessera.activity';
const DIGEST = '5d'.repeat(32);

describe('tokens issued and refused per app and day', () => {
  let database: TestDatabase;
  let service: TestService;
  let admin: AdminClient;
  let devRoot: AndroidDevRoot;
  let rootPem: string;

  beforeAll(async () => {
    devRoot = createAndroidDevRoot();
    rootPem = devRoot.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    database = await createTestDatabase();
    service = await startTestService({
      database,
      env: { TESSERA_TEST_ANDROID_ROOTS: rootPem, TESSERA_ACTIVITY_FLUSH_SECONDS: '1' },
    });
    admin = new AdminClient(service);
    await admin.deployment(SITE);
  });
  afterAll(async () => {
    await service?.shutdown();
    await database?.drop();
  });

  async function challenge(on: TestService = service): Promise<string> {
    const res = await request(on.url).post('/v1/challenges').expect(201);
    return (res.body as { challenge: string }).challenge;
  }

  async function enrol(on: TestService, packageName: string) {
    const fresh = await challenge(on);
    const device = createAndroidDevAttestation(devRoot, {
      challenge: Buffer.from(fresh, 'base64url'),
      packageName,
      versionCode: 3,
      signatureDigests: [DIGEST],
    });
    const res = await request(on.url)
      .post('/v1/installations/android')
      .send({
        challenge: fresh,
        certificateChain: device.chain.map((der) => Buffer.from(der).toString('base64')),
      });
    return { res, device };
  }

  async function refresh(
    on: TestService,
    installationId: string,
    device: AndroidDevAttestation,
    signer = device.privateKey,
  ) {
    const fresh = await challenge(on);
    return request(on.url)
      .post('/v1/tokens')
      .send({
        installationId,
        challenge: fresh,
        proof: await createRefreshProof({
          privateKey: signer,
          installationId,
          challenge: fresh,
          now: new Date(),
        }),
      });
  }

  async function activity(appId: string): Promise<AppActivity> {
    const res = await request(service.url)
      .get(`/v1/portal/apps/${appId}/activity?days=7`)
      .set(service.adminAuth)
      .expect(200);
    return res.body as AppActivity;
  }

  const today = (): string => new Date().toISOString().slice(0, 10);
  const on = (series: { day: string; count: number }[], day: string): number =>
    series.find((point) => point.day === day)?.count ?? 0;

  it('stores issued tokens and refusals by code, flushed on a timer, and serves them as series', async () => {
    const appId = await admin.approvedAndroidApp(
      { packageName: PACKAGE, signingDigests: [DIGEST] },
      [SITE],
    );
    const { res, device } = await enrol(service, PACKAGE);
    expect(res.status).toBe(201);
    const { installationId } = res.body as { installationId: string };
    expect((await refresh(service, installationId, device)).status).toBe(200);
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    for (let i = 0; i < 2; i += 1) {
      const forged = await refresh(service, installationId, device, stranger);
      expect(forged.status).toBe(401);
      expect((forged.body as { error: string }).error).toBe('REFRESH_PROOF_INVALID');
    }
    await admin.review(appId, 'revoke');
    expect((await enrol(service, PACKAGE)).res.status).toBe(403);

    // No explicit flush: the 1-second timer writes the counts.
    let result = await activity(appId);
    for (let waited = 0; on(result.refusedPerDay, today()) < 3 && waited < 5000; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      result = await activity(appId);
    }

    expect(result.issuedPerDay).toHaveLength(7);
    expect(on(result.issuedPerDay, today())).toBe(2);
    expect(on(result.refusedPerDay, today())).toBe(3);
    expect(result.refusalsByCode.map(({ code, total }) => ({ code, total }))).toEqual([
      { code: 'REFRESH_PROOF_INVALID', total: 2 },
      { code: 'APP_REVOKED', total: 1 },
    ]);
    expect(on(result.refusalsByCode[0]?.perDay ?? [], today())).toBe(2);
  });

  it('adds the counts of a second instance, written when it stops, to the same rows', async () => {
    const packageName = `${PACKAGE}.two`;
    const appId = await admin.approvedAndroidApp({ packageName, signingDigests: [DIGEST] }, [SITE]);
    await enrol(service, packageName).then(({ res }) => expect(res.status).toBe(201));
    await service.app.get(TokenActivityRecorder).flush();

    // A long interval: only the flush at shutdown can bring this instance's count in.
    const second = await startTestService({
      database,
      env: { TESSERA_TEST_ANDROID_ROOTS: rootPem, TESSERA_ACTIVITY_FLUSH_SECONDS: '300' },
    });
    try {
      await enrol(second, packageName).then(({ res }) => expect(res.status).toBe(201));
      await enrol(second, packageName).then(({ res }) => expect(res.status).toBe(201));
      expect(on((await activity(appId)).issuedPerDay, today())).toBe(1);
    } finally {
      await second.shutdown();
    }

    expect(on((await activity(appId)).issuedPerDay, today())).toBe(3);
  });

  it('keeps refusals of requests that named no registered app out of every app', async () => {
    const appId = await admin.approvedAndroidApp(
      { packageName: `${PACKAGE}.three`, signingDigests: [DIGEST] },
      [SITE],
    );
    expect((await enrol(service, 'com.unregistered.clone')).res.status).toBe(403);
    await service.app.get(TokenActivityRecorder).flush();

    const result = await activity(appId);
    expect(on(result.refusedPerDay, today())).toBe(0);
    expect(result.refusalsByCode).toEqual([]);
  });
});
