import pg from 'pg';
import request from 'supertest';
import { AdminClient } from './support/admin-client.js';
import { startTestService, type TestService } from './support/test-service.js';

const DIGEST = 'ab'.repeat(32);

describe('registry and review over HTTP', () => {
  let service: TestService;
  let admin: AdminClient;

  beforeAll(async () => {
    service = await startTestService();
    admin = new AdminClient(service);
  });
  afterAll(() => service.shutdown());

  it('refuses every admin route without a credential, and with an unknown one', async () => {
    const none = await request(service.url).get('/v1/admin/apps').expect(401);
    expect(none.body.error).toBe('UNAUTHENTICATED');
    const wrong = await request(service.url)
      .get('/v1/admin/apps')
      .set('Authorization', 'Bearer tsa_not-a-real-credential-000000')
      .expect(401);
    expect(wrong.body.error).toBe('UNAUTHENTICATED');
  });

  it('moves an app through pending, approved and revoked, recording each step', async () => {
    const organisation = await admin.organisation('Partner A');
    const appId = await admin.androidApp(organisation, {
      packageName: 'com.partner.a',
      signingDigests: [DIGEST],
    });

    const created = await request(service.url)
      .get(`/v1/admin/apps/${appId}`)
      .set(service.adminAuth)
      .expect(200);
    expect(created.body).toMatchObject({
      reviewState: 'pending',
      android: { packageName: 'com.partner.a' },
    });

    await admin.review(appId, 'approve');
    await admin.review(appId, 'revoke');
    const revokeAgain = await request(service.url)
      .post(`/v1/admin/apps/${appId}/review`)
      .set(service.adminAuth)
      .send({ decision: 'revoke', note: 'again' })
      .expect(409);
    expect(revokeAgain.body.error).toBe('INVALID_STATE_TRANSITION');

    const audit = await request(service.url)
      .get('/v1/admin/audit')
      .set(service.adminAuth)
      .expect(200);
    const actions = (audit.body as { action: string; subjectId: string }[])
      .filter((entry) => entry.subjectId === appId)
      .map((entry) => entry.action);
    expect(actions).toEqual(['app.revoked', 'app.approved', 'app.created']);
  });

  it('refuses a second app with the same package, and a declaration missing its identity', async () => {
    const organisation = await admin.organisation('Partner B');
    await admin.androidApp(organisation, {
      packageName: 'com.partner.b',
      signingDigests: [DIGEST],
    });
    const clash = await request(service.url)
      .post('/v1/admin/apps')
      .set(service.adminAuth)
      .send({
        organisationId: organisation,
        name: 'dup',
        platform: 'android',
        androidPackage: 'com.partner.b',
        androidSigningDigests: [DIGEST],
      })
      .expect(409);
    expect(clash.body.error).toBe('CONFLICT');
    expect(clash.body.message).toBe('an app with this Android package is already registered');

    const missing = await request(service.url)
      .post('/v1/admin/apps')
      .set(service.adminAuth)
      .send({ organisationId: organisation, name: 'bare', platform: 'ios' })
      .expect(400);
    expect(missing.body.error).toBe('INVALID_REQUEST');
  });

  it('refuses a deployment id that exists, leaving the existing one as it was', async () => {
    await admin.deployment('st-anne');
    const again = await request(service.url)
      .post('/v1/admin/deployments')
      .set(service.adminAuth)
      .send({ id: 'st-anne', name: 'Renamed' })
      .expect(409);
    expect(again.body.error).toBe('CONFLICT');
    const list = await request(service.url).get('/v1/admin/deployments').set(service.adminAuth);
    expect(list.body).toContainEqual(
      expect.objectContaining({ id: 'st-anne', name: 'Deployment st-anne' }),
    );
  });

  it('accepts signing digests as keytool prints them, and stores lowercase hex', async () => {
    const organisation = await admin.organisation('Partner D');
    const colons = DIGEST.toUpperCase().match(/../g)!.join(':');
    const res = await request(service.url)
      .post('/v1/admin/apps')
      .set(service.adminAuth)
      .send({
        organisationId: organisation,
        name: 'd',
        platform: 'android',
        androidPackage: 'com.partner.d',
        androidSigningDigests: [colons],
      })
      .expect(201);
    expect(res.body.android.signingCertificateDigests).toEqual([DIGEST]);
  });

  it('refuses a minimum version code beyond what can be stored exactly', async () => {
    const organisation = await admin.organisation('Partner E');
    const res = await request(service.url)
      .post('/v1/admin/apps')
      .set(service.adminAuth)
      .send({
        organisationId: organisation,
        name: 'e',
        platform: 'android',
        androidPackage: 'com.partner.e',
        androidSigningDigests: [DIGEST],
        androidMinVersionCode: 1e300,
      })
      .expect(400);
    expect(res.body.error).toBe('INVALID_REQUEST');
  });

  it('refuses unknown fields and badly formed digests', async () => {
    const organisation = await admin.organisation('Partner C');
    const res = await request(service.url)
      .post('/v1/admin/apps')
      .set(service.adminAuth)
      .send({
        organisationId: organisation,
        name: 'x',
        platform: 'android',
        androidPackage: 'com.x.y',
        androidSigningDigests: ['ZZ'],
        isAdmin: true,
      })
      .expect(400);
    expect(res.body.error).toBe('INVALID_REQUEST');
    expect(res.body.message).toMatch(/isAdmin/);
  });

  it('keeps the audit log append-only and its hash chain verifiable', async () => {
    const intact = await request(service.url)
      .get('/v1/admin/audit/verify')
      .set(service.adminAuth)
      .expect(200);
    expect(intact.body.intact).toBe(true);
    expect(intact.body.entries).toBeGreaterThan(3);

    const client = new pg.Client({ connectionString: service.databaseUrl });
    await client.connect();
    try {
      await expect(
        client.query(`UPDATE audit_entry SET actor = 'mallory' WHERE seq = 2`),
      ).rejects.toThrow(/append-only/);
      await expect(client.query('DELETE FROM audit_entry')).rejects.toThrow(/append-only/);

      // Someone with superuser rights switches the trigger off and edits history: the chain shows it.
      await client.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update');
      await client.query(`UPDATE audit_entry SET actor = 'mallory' WHERE seq = 3`);
    } finally {
      await client.end();
    }
    const broken = await request(service.url)
      .get('/v1/admin/audit/verify')
      .set(service.adminAuth)
      .expect(200);
    expect(broken.body).toEqual({ entries: 2, intact: false, firstBrokenSeq: '3' });
  });
});
