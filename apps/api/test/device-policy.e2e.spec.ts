import request from 'supertest';
import {
  createAndroidDevAttestation,
  createAndroidDevRoot,
} from '../../../libs/attestation/testing/android-dev-device.js';
import { AdminClient } from './support/admin-client.js';
import { startTestService, type TestService } from './support/test-service.js';

const PACKAGE = 'com.tessera.policy';
const DIGEST = '7a'.repeat(32);

/** Per-app device policy on Android evidence, enforced or monitored. */
describe('app device policy', () => {
  const root = createAndroidDevRoot();
  let service: TestService;
  let appId: string;

  beforeAll(async () => {
    service = await startTestService({
      env: {
        TESSERA_TEST_ANDROID_ROOTS: root.publicKey.export({
          type: 'spki',
          format: 'pem',
        }) as string,
      },
    });
    const admin = new AdminClient(service);
    await admin.deployment('site');
    appId = await admin.approvedAndroidApp({ packageName: PACKAGE, signingDigests: [DIGEST] }, [
      'site',
    ]);
  });
  afterAll(() => service.shutdown());

  function setPolicy(body: object) {
    return request(service.url)
      .put(`/v1/admin/apps/${appId}/policy`)
      .set(service.adminAuth)
      .send(body);
  }

  async function enrolUnlockedDevice() {
    const res = await request(service.url).post('/v1/challenges').expect(201);
    const challenge = (res.body as { challenge: string }).challenge;
    const device = createAndroidDevAttestation(root, {
      challenge: Buffer.from(challenge, 'base64url'),
      packageName: PACKAGE,
      versionCode: 3,
      signatureDigests: [DIGEST],
      deviceLocked: false,
      verifiedBootState: 'Unverified',
    });
    return request(service.url)
      .post('/v1/installations/android')
      .send({
        challenge,
        certificateChain: device.chain.map((der) => Buffer.from(der).toString('base64')),
      });
  }

  it('admits an unlocked device under the default policy', async () => {
    expect((await enrolUnlockedDevice()).status).toBe(201);
  });

  it('refuses it once the app requires a locked bootloader', async () => {
    await setPolicy({ enforcement: 'enforce', android: { requireDeviceLocked: true } }).expect(200);
    const res = await enrolUnlockedDevice();
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('DEVICE_NOT_LOCKED');
  });

  it('admits it in monitor-only mode and records what the policy would have refused', async () => {
    await setPolicy({
      enforcement: 'monitor',
      android: { allowedVerifiedBootStates: ['Verified'] },
    }).expect(200);
    const res = await enrolUnlockedDevice();
    expect(res.status).toBe(201);
    const installations = await request(service.url)
      .get(`/v1/admin/installations?appId=${appId}`)
      .set(service.adminAuth)
      .expect(200);
    const latest = (installations.body as { id: string; evidence: Record<string, unknown> }[]).find(
      (row) => row.id === (res.body as { installationId: string }).installationId,
    );
    expect(latest?.evidence).toMatchObject({ policyViolation: 'VERIFIED_BOOT_STATE_REJECTED' });
  });

  it('refuses a policy that would admit software keys or failed boots, and records each change', async () => {
    const soft = await setPolicy({
      enforcement: 'enforce',
      android: { allowedSecurityLevels: ['Software'] },
    });
    expect(soft.status).toBe(400);
    const failed = await setPolicy({
      enforcement: 'enforce',
      android: { allowedVerifiedBootStates: ['Failed'] },
    });
    expect(failed.status).toBe(400);

    const audit = await request(service.url)
      .get('/v1/admin/audit')
      .set(service.adminAuth)
      .expect(200);
    const changes = (audit.body as { action: string; subjectId: string }[]).filter(
      (entry) => entry.action === 'app.policy_set' && entry.subjectId === appId,
    );
    expect(changes).toHaveLength(2);
  });
});
