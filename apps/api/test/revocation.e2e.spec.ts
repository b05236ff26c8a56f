import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  type AndroidDevRoot,
  createAndroidDevAttestation,
  createAndroidDevRoot,
} from '../../../libs/attestation/testing/android-dev-device.js';
import { AdminClient } from './support/admin-client.js';
import { startTestService, type TestService } from './support/test-service.js';

const PACKAGE = 'com.tessera.revocation';
const DIGEST = '5e'.repeat(32);

/** Google's status list as the service loads it from a file: a listed certificate refuses. */
describe('Android attestation status list', () => {
  const listedRoot = createAndroidDevRoot();
  const cleanRoot = createAndroidDevRoot();
  let folder: string;
  let service: TestService;

  function serialOf(root: AndroidDevRoot): string {
    return BigInt(`0x${new X509Certificate(Buffer.from(root.certificate)).serialNumber}`).toString(
      16,
    );
  }

  function pem(root: AndroidDevRoot): string {
    return root.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  }

  async function enrolUnder(root: AndroidDevRoot) {
    const res = await request(service.url).post('/v1/challenges').expect(201);
    const challenge = (res.body as { challenge: string }).challenge;
    const device = createAndroidDevAttestation(root, {
      challenge: Buffer.from(challenge, 'base64url'),
      packageName: PACKAGE,
      versionCode: 1,
      signatureDigests: [DIGEST],
    });
    return request(service.url)
      .post('/v1/installations/android')
      .send({
        challenge,
        certificateChain: device.chain.map((der) => Buffer.from(der).toString('base64')),
      });
  }

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'tessera-status-'));
    const listFile = join(folder, 'status.json');
    await writeFile(
      listFile,
      JSON.stringify({
        entries: { [serialOf(listedRoot)]: { status: 'REVOKED', reason: 'KEY_COMPROMISE' } },
      }),
    );
    service = await startTestService({
      env: {
        TESSERA_TEST_ANDROID_ROOTS: pem(listedRoot) + pem(cleanRoot),
        TESSERA_ANDROID_STATUS_LIST_FILE: listFile,
      },
    });
    const admin = new AdminClient(service);
    await admin.deployment('site');
    await admin.approvedAndroidApp({ packageName: PACKAGE, signingDigests: [DIGEST] }, ['site']);
  });
  afterAll(async () => {
    await service.shutdown();
    await rm(folder, { recursive: true, force: true });
  });

  it('refuses a device whose chain holds a listed certificate', async () => {
    const res = await enrolUnder(listedRoot);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('CERTIFICATE_REVOKED');
  });

  it('admits a device whose certificates are not listed', async () => {
    expect((await enrolUnder(cleanRoot)).status).toBe(201);
  });
});
