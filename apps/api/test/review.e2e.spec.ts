import request from 'supertest';
import {
  type AndroidDevRoot,
  createAndroidDevAttestation,
  createAndroidDevRoot,
} from '../../../libs/attestation/testing/android-dev-device.js';
import { createRefreshProof } from '../../../libs/tokens/src/index.js';
import {
  buildFixture,
  createOrganisation,
  invitedMember,
  type PortalSession,
} from './support/portal-client.js';
import { startTestService, type TestService } from './support/test-service.js';

const TINY_APP = 'android.appsecurity.cts.tinyapp';
const RSA_2048 = 'fb5dbd3c669af9fc236c6991e6387b7f11ff0590997f22d0f5c74ff40e04fca8';
const EC_P256 = '6a8b96e278e58f62cfe3584022cec1d0527fcb85a9e5d2e1694eb0405be5b599';

interface Change {
  code: string;
  severity: string;
}
interface Submission {
  build: { id: string; status: string; review: { note: string } | null };
  app: { id: string; reviewState: string; android?: { signingCertificateDigests: string[] } };
  changes: Change[];
  previousApproved: { id: string } | null;
}

/** Reviewers approve what partners upload; their decisions and revocations govern tokens. */
describe('review: queue, decisions, revocation of versions and certificates', () => {
  const root: AndroidDevRoot = createAndroidDevRoot();
  let service: TestService;
  let reviewer: PortalSession;
  let developer: PortalSession;
  let appId: string;

  async function upload(file: string): Promise<string> {
    const res = await developer.upload(appId, buildFixture(file), file).expect(201);
    return (res.body as { id: string }).id;
  }

  async function decide(buildId: string, decision: 'approve' | 'reject', note: string) {
    const res = await reviewer
      .post(`/v1/review/builds/${buildId}/decision`, { decision, note })
      .expect(200);
    return res.body as Submission;
  }

  async function enrol(versionCode: number, digests = [RSA_2048]) {
    const challenge = (
      (await request(service.url).post('/v1/challenges').expect(201)).body as {
        challenge: string;
      }
    ).challenge;
    const device = createAndroidDevAttestation(root, {
      challenge: Buffer.from(challenge, 'base64url'),
      packageName: TINY_APP,
      versionCode,
      signatureDigests: digests,
    });
    const res = await request(service.url)
      .post('/v1/installations/android')
      .send({
        challenge,
        certificateChain: device.chain.map((der) => Buffer.from(der).toString('base64')),
      });
    return { res, device };
  }

  async function refresh(enrolled: Awaited<ReturnType<typeof enrol>>) {
    const installationId = (enrolled.res.body as { installationId: string }).installationId;
    const challenge = (
      (await request(service.url).post('/v1/challenges').expect(201)).body as {
        challenge: string;
      }
    ).challenge;
    return request(service.url)
      .post('/v1/tokens')
      .send({
        installationId,
        challenge,
        proof: await createRefreshProof({
          privateKey: enrolled.device.privateKey,
          installationId,
          challenge,
          now: new Date(),
        }),
      });
  }

  beforeAll(async () => {
    service = await startTestService({
      env: {
        TESSERA_TEST_ANDROID_ROOTS: root.publicKey.export({
          type: 'spki',
          format: 'pem',
        }) as string,
      },
    });
    const vendor = await createOrganisation(service, 'Vendor', 'vendor');
    const partner = await createOrganisation(service, 'Partner', 'partner');
    reviewer = await invitedMember(service, vendor, 'reviewer@vendor.test', 'reviewer');
    developer = await invitedMember(service, partner, 'dev@partner.test', 'developer');
    await request(service.url)
      .post('/v1/admin/deployments')
      .set(service.adminAuth)
      .send({ id: 'site', name: 'Site' })
      .expect(201);
    const app = await developer
      .post(`/v1/organisations/${partner}/apps`, {
        name: 'Tiny',
        platform: 'android',
        androidPackage: TINY_APP,
      })
      .expect(201);
    appId = (app.body as { id: string }).id;
  });
  afterAll(() => service.shutdown());

  it('queues a first build, keeps devices out until approval, then lets them in', async () => {
    const buildId = await upload('original.apk');
    const queue = await reviewer.get('/v1/review/queue').expect(200);
    const submission = (queue.body as Submission[]).find((s) => s.build.id === buildId);
    expect(submission?.changes.map((c) => c.code)).toEqual(['FIRST_SUBMISSION']);
    expect((await developer.get('/v1/review/queue')).status).toBe(403);

    expect((await enrol(10)).res.body.error).toBe('APP_NOT_APPROVED');

    const approved = await decide(buildId, 'approve', 'signed by the known key');
    expect(approved.build.status).toBe('approved');
    expect(approved.app.reviewState).toBe('approved');
    expect(approved.app.android?.signingCertificateDigests).toEqual([RSA_2048]);
    await reviewer
      .put(`/v1/admin/apps/${appId}/deployments`, { deploymentIds: ['site'] })
      .expect(200);

    const enrolled = await enrol(10);
    expect(enrolled.res.status).toBe(201);
    expect((await refresh(enrolled)).status).toBe(200);
    const twice = await reviewer.post(`/v1/review/builds/${buildId}/decision`, {
      decision: 'approve',
      note: 'again',
    });
    expect(twice.status).toBe(409);
  });

  it('flags a new signing certificate loudly, and a rejection reaches the partner with its note', async () => {
    const buildId = await upload('v2-only-with-ecdsa-sha256-p256.apk');
    const submission = (await reviewer.get(`/v1/review/builds/${buildId}`).expect(200))
      .body as Submission;
    expect(submission.previousApproved).not.toBeNull();
    expect(submission.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'NEW_SIGNING_CERTIFICATE', severity: 'alert' }),
        expect.objectContaining({ code: 'SIGNING_CERTIFICATE_DROPPED', severity: 'warning' }),
        expect.objectContaining({ code: 'VERSION_NOT_INCREASED', severity: 'warning' }),
      ]),
    );
    await decide(buildId, 'reject', 'unknown signing key');
    const seen = await developer.get(`/v1/builds/${buildId}`).expect(200);
    expect(seen.body).toMatchObject({
      status: 'rejected',
      review: { note: 'unknown signing key' },
    });

    expect((await enrol(10, [EC_P256])).res.body.error).toBe('SIGNING_CERTIFICATE_MISMATCH');
  });

  it('stops new tokens at once when a version is revoked, and keeps other versions in', async () => {
    const buildId = await upload('original-with-versionCodeMajor.apk');
    const submission = await decide(buildId, 'approve', 'next release');
    expect(submission.changes.filter((c) => c.severity !== 'info')).toEqual([]);

    const old = await enrol(10);
    expect(old.res.status).toBe(201);
    const current = await enrol(11);
    expect(current.res.status).toBe(201);

    await reviewer
      .post(`/v1/review/apps/${appId}/revocations`, {
        kind: 'version',
        value: '10',
        note: 'crashes on start',
      })
      .expect(201);

    const refused = await refresh(old);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('APP_VERSION_REVOKED');
    expect((await enrol(10)).res.body.error).toBe('APP_VERSION_REVOKED');
    expect((await refresh(current)).status).toBe(200);

    const listed = await developer.get(`/v1/apps/${appId}/revocations`).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ kind: 'version', value: '10' })]);
    const app = await developer.get(`/v1/apps/${appId}`).expect(200);
    expect(app.body.revocations).toEqual(listed.body);
  });

  it('stops new tokens at once when a signing certificate is revoked', async () => {
    const current = await enrol(11);
    expect(current.res.status).toBe(201);
    await reviewer
      .post(`/v1/review/apps/${appId}/revocations`, {
        kind: 'certificate',
        value: RSA_2048,
        note: 'key leaked',
      })
      .expect(201);
    const refused = await refresh(current);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('SIGNING_CERTIFICATE_REVOKED');
    expect((await enrol(12)).res.body.error).toBe('SIGNING_CERTIFICATE_REVOKED');

    const bad = await reviewer.post(`/v1/review/apps/${appId}/revocations`, {
      kind: 'certificate',
      value: 'not-a-digest',
      note: 'x',
    });
    expect(bad.status).toBe(400);
  });

  it('approving an IPA makes its team id and bundle id the app identity', async () => {
    const partner = (await developer.get('/v1/session')).body.memberships[0]
      .organisationId as string;
    const created = await developer
      .post(`/v1/organisations/${partner}/apps`, {
        name: 'Demo',
        platform: 'ios',
        iosBundleId: 'com.icyleaf.AppInfoDemo',
      })
      .expect(201);
    const iosApp = (created.body as { id: string }).id;
    const res = await developer.upload(iosApp, buildFixture('iphone.ipa'), 'demo.ipa').expect(201);
    const submission = await decide((res.body as { id: string }).id, 'approve', 'ok');
    expect(submission.changes.map((c) => c.code)).toEqual([
      'NO_APP_ATTEST_ENTITLEMENT',
      'FIRST_SUBMISSION',
    ]);
    const app = await developer.get(`/v1/apps/${iosApp}`).expect(200);
    expect(app.body).toMatchObject({
      reviewState: 'approved',
      ios: {
        teamId: '5PJA6N5A3B',
        bundleId: 'com.icyleaf.AppInfoDemo',
        appId: '5PJA6N5A3B.com.icyleaf.AppInfoDemo',
      },
    });
  });

  it('revokes the whole app; its pending builds cannot be approved until it is reinstated', async () => {
    const buildId = await upload('original-with-versionCodeMajor.apk');
    const submission = (await reviewer.get(`/v1/review/builds/${buildId}`).expect(200))
      .body as Submission;
    expect(submission.changes).toContainEqual(
      expect.objectContaining({ code: 'REVOKED_SIGNING_CERTIFICATE', severity: 'alert' }),
    );
    await reviewer
      .post(`/v1/admin/apps/${appId}/review`, { decision: 'revoke', note: 'licence ended' })
      .expect(200);
    const refused = await reviewer.post(`/v1/review/builds/${buildId}/decision`, {
      decision: 'approve',
      note: 'x',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('INVALID_STATE_TRANSITION');

    const audit = await reviewer.get('/v1/admin/audit?limit=500').expect(200);
    const actions = (audit.body as { action: string; actor: string }[])
      .filter((e) => e.actor === 'user:reviewer@vendor.test')
      .map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'build.approved',
        'build.rejected',
        'app.identity_approved',
        'app.version_revoked',
        'app.certificate_revoked',
        'app.revoked',
      ]),
    );
  });
});
