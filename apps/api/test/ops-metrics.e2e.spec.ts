import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { AdminClient } from './support/admin-client.js';
import { chainToBase64Der, loadVector, PIXEL_7_PRO } from './support/fixtures.js';
import { parseSamples, type Sample, sampleValue } from './support/prometheus-text.js';
import { startTestService, type TestService } from './support/test-service.js';

const SITE = 'metrics-site';
const METRICS_TOKEN = 'tsm_metrics-scraper-credential-0123456789';

describe('Prometheus metrics', () => {
  let service: TestService;
  let admin: AdminClient;

  beforeAll(async () => {
    service = await startTestService();
    admin = new AdminClient(service);
    await admin.deployment(SITE);
  });
  afterAll(() => service.shutdown());

  async function scrape(): Promise<Sample[]> {
    const res = await request(service.url).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return parseSamples(res.text);
  }

  async function seededPixelChallenge(): Promise<string> {
    const vector = loadVector(PIXEL_7_PRO);
    const res = await request(service.url)
      .post('/v1/test/challenges')
      .send({
        challenge: Buffer.from(vector.input.expectedChallengeHex as string, 'hex').toString(
          'base64url',
        ),
        evidenceTime: vector.input.verifyAt,
      })
      .expect(201);
    return (res.body as { challenge: string }).challenge;
  }

  it('counts a token issued at enrolment per app, and the enrolment per platform', async () => {
    const vector = loadVector(PIXEL_7_PRO);
    const appId = await admin.approvedAndroidApp(
      {
        packageName: 'com.google.attestationexample',
        signingDigests: ['68856d1d06f637d6255face5b224db43a9514ace538bb1548b844480fcd85c87'],
      },
      [SITE],
    );
    const before = await scrape();

    await request(service.url)
      .post('/v1/installations/android')
      .send({
        challenge: await seededPixelChallenge(),
        certificateChain: chainToBase64Der(vector.input.chainPem as string[]),
      })
      .expect(201);

    const after = await scrape();
    const issued = { app: appId, operation: 'enrolment' };
    expect(sampleValue(after, 'tessera_tokens_issued_total', issued)).toBe(
      sampleValue(before, 'tessera_tokens_issued_total', issued) + 1,
    );
    const android = { platform: 'android' };
    expect(sampleValue(after, 'tessera_enrolments_total', android)).toBe(
      sampleValue(before, 'tessera_enrolments_total', android) + 1,
    );
  });

  it('counts a refusal under the app it concerned and its refusal code', async () => {
    const organisation = await admin.organisation(`org-unreviewed-${Date.now()}`);
    const appId = await admin.iosApp(organisation, {
      teamId: 'ABCDE12345',
      bundleId: 'com.example.unreviewed',
      environment: 'production',
    });
    const challenge = await request(service.url).post('/v1/challenges').expect(201);
    const proofKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      format: 'jwk',
    });

    const refused = await request(service.url)
      .post('/v1/installations/ios')
      .send({
        challenge: (challenge.body as { challenge: string }).challenge,
        appId: 'ABCDE12345.com.example.unreviewed',
        keyId: randomBytes(32).toString('base64'),
        attestationObject: randomBytes(64).toString('base64'),
        proofKey: { kty: 'EC', crv: 'P-256', x: proofKey.x, y: proofKey.y },
      });
    expect(refused.body).toMatchObject({ error: 'APP_NOT_APPROVED' });
    expect(refused.status).toBe(403);

    const labels = { app: appId, operation: 'enrolment', code: 'APP_NOT_APPROVED' };
    expect(sampleValue(await scrape(), 'tessera_token_refusals_total', labels)).toBe(1);
  });

  it('counts refusals before any app is known under "unknown"', async () => {
    const vector = loadVector(PIXEL_7_PRO);
    await request(service.url)
      .post('/v1/installations/android')
      .send({
        challenge: await seededPixelChallenge(),
        certificateChain: chainToBase64Der(vector.input.chainPem as string[]).slice(0, 1),
      })
      .expect(403);
    const challenge = await request(service.url).post('/v1/challenges').expect(201);
    const refresh = await request(service.url)
      .post('/v1/tokens')
      .send({
        installationId: randomUUID(),
        challenge: (challenge.body as { challenge: string }).challenge,
        proof: 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln',
      });
    expect(refresh.body).toMatchObject({ error: 'INSTALLATION_UNKNOWN' });

    const samples = await scrape();
    const untrusted = { app: 'unknown', operation: 'enrolment', code: 'UNTRUSTED_ROOT' };
    expect(sampleValue(samples, 'tessera_token_refusals_total', untrusted)).toBe(1);
    const unknown = { app: 'unknown', operation: 'refresh', code: 'INSTALLATION_UNKNOWN' };
    expect(sampleValue(samples, 'tessera_token_refusals_total', unknown)).toBe(1);
  });

  it('times requests by route template, never by raw path', async () => {
    const appId = await admin.androidApp(await admin.organisation(`org-route-${Date.now()}`), {
      packageName: 'com.example.route',
      signingDigests: ['ab'.repeat(32)],
    });
    await request(service.url).get(`/v1/admin/apps/${appId}`).set(service.adminAuth).expect(200);
    await request(service.url).get('/no/such/route-with-a-secret-in-it').expect(404);

    const res = await request(service.url).get('/metrics').expect(200);
    const samples = parseSamples(res.text);
    const count = 'tessera_http_request_duration_seconds_count';
    const byId = { method: 'GET', route: '/v1/admin/apps/:id', status: '200' };
    expect(sampleValue(samples, count, byId)).toBeGreaterThanOrEqual(1);
    const unmatched = { method: 'GET', route: 'unmatched', status: '404' };
    expect(sampleValue(samples, count, unmatched)).toBe(1);
    expect(res.text).not.toContain(appId);
    expect(res.text).not.toContain('route-with-a-secret');
  });

  it('is open without a metrics token outside production mode', async () => {
    await request(service.url).get('/metrics').expect(200);
  });
});

describe('metrics access', () => {
  it('requires the metrics token once one is configured', async () => {
    const service = await startTestService({ env: { TESSERA_METRICS_TOKEN: METRICS_TOKEN } });
    try {
      const none = await request(service.url).get('/metrics').expect(401);
      expect(none.body.error).toBe('UNAUTHENTICATED');
      const wrong = await request(service.url)
        .get('/metrics')
        .set('Authorization', `Bearer ${METRICS_TOKEN}x`)
        .expect(401);
      expect(wrong.body.error).toBe('UNAUTHENTICATED');
      const admin = await request(service.url).get('/metrics').set(service.adminAuth).expect(401);
      expect(admin.body.error).toBe('UNAUTHENTICATED');

      const ok = await request(service.url)
        .get('/metrics')
        .set('Authorization', `Bearer ${METRICS_TOKEN}`)
        .expect(200);
      expect(ok.text).toContain('tessera_http_request_duration_seconds');
    } finally {
      await service.shutdown();
    }
  });

  it('is closed in production mode when no metrics token is configured', async () => {
    const service = await startTestService({ env: { TESSERA_MODE: 'production' } });
    try {
      const res = await request(service.url).get('/metrics').expect(403);
      expect(res.body.error).toBe('FORBIDDEN');
      expect(res.body.message).toContain('TESSERA_METRICS_TOKEN');
    } finally {
      await service.shutdown();
    }
  });
});
