import request from 'supertest';
import { isWellFormedApiToken } from '../src/accounts/api-token-format.js';
import {
  buildFixture,
  createOrganisation,
  invitedMember,
  type PortalSession,
} from './support/portal-client.js';
import { startTestService, type TestService } from './support/test-service.js';

interface Made {
  token: { id: string; hint: string; revokedAt: string | null };
  secret: string;
}

describe('API tokens for build pipelines', () => {
  let service: TestService;
  let partner: string;
  let developer: PortalSession;
  let appId: string;

  const upload = (secret: string, target = appId) =>
    request(service.url)
      .post(`/v1/apps/${target}/builds?fileName=ci.apk`)
      .set('Authorization', `Bearer ${secret}`)
      .set('Content-Type', 'application/octet-stream')
      .send(buildFixture('original.apk'));

  async function token(scopes: string[]): Promise<Made> {
    const res = await developer
      .post(`/v1/organisations/${partner}/api-tokens`, { name: `ci ${scopes.join(' ')}`, scopes })
      .expect(201);
    return res.body as Made;
  }

  beforeAll(async () => {
    service = await startTestService();
    partner = await createOrganisation(service, 'Partner', 'partner');
    developer = await invitedMember(service, partner, 'dev@partner.test', 'developer');
    const app = await developer
      .post(`/v1/organisations/${partner}/apps`, {
        name: 'Tiny',
        platform: 'android',
        androidPackage: 'android.appsecurity.cts.tinyapp',
      })
      .expect(201);
    appId = (app.body as { id: string }).id;
  });
  afterAll(() => service.shutdown());

  it('shows a recognisable, checksummed secret once, and keeps only its hash', async () => {
    const made = await token(['builds:write']);
    expect(made.secret).toMatch(/^tsp_[0-9A-Za-z]{36}$/);
    expect(isWellFormedApiToken(made.secret)).toBe(true);
    expect(made.token.hint).toBe(made.secret.slice(4, 12));

    const listed = await developer.get(`/v1/organisations/${partner}/api-tokens`).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(made.secret);
    expect(JSON.stringify(listed.body)).not.toContain(made.secret.slice(12));
  });

  it('uploads a build with a builds:write token; the upload is traced to the token', async () => {
    const made = await token(['builds:write', 'builds:read']);
    const res = await upload(made.secret).expect(201);
    expect(res.body.uploadedBy).toBe(`token:${made.token.id}`);
    await request(service.url)
      .get(`/v1/apps/${appId}/builds`)
      .set('Authorization', `Bearer ${made.secret}`)
      .expect(200);
  });

  it('refuses a token without the scope, a mistyped one, and a revoked one', async () => {
    const readOnly = await token(['builds:read']);
    const refused = await upload(readOnly.secret).expect(403);
    expect(refused.body.error).toBe('FORBIDDEN');

    const writer = await token(['builds:write']);
    const last = writer.secret.at(-1) === 'a' ? 'b' : 'a';
    const mistyped = await upload(writer.secret.slice(0, -1) + last).expect(401);
    expect(mistyped.body.error).toBe('UNAUTHENTICATED');

    await upload(writer.secret).expect(201);
    const revoked = await developer.post(`/v1/api-tokens/${writer.token.id}/revoke`).expect(200);
    expect((revoked.body as Made['token']).revokedAt).not.toBeNull();
    const after = await upload(writer.secret).expect(401);
    expect(after.body.error).toBe('UNAUTHENTICATED');
    await developer.post(`/v1/api-tokens/${writer.token.id}/revoke`).expect(409);
  });

  it('cannot manage tokens, read sessions or reach vendor routes with a token', async () => {
    const made = await token(['builds:write', 'builds:read']);
    const auth = { Authorization: `Bearer ${made.secret}` };
    const attempts = [
      request(service.url)
        .post(`/v1/organisations/${partner}/api-tokens`)
        .set(auth)
        .send({
          name: 'child',
          scopes: ['builds:write'],
        }),
      request(service.url).get(`/v1/organisations/${partner}/api-tokens`).set(auth),
      request(service.url).get('/v1/session').set(auth),
      request(service.url).get('/v1/review/queue').set(auth),
      request(service.url).get('/v1/admin/apps').set(auth),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('FORBIDDEN');
    }
  });

  it('records creation and revocation in the audit log', async () => {
    const made = await token(['builds:write']);
    await developer.post(`/v1/api-tokens/${made.token.id}/revoke`).expect(200);
    const audit = await request(service.url)
      .get('/v1/admin/audit?limit=500')
      .set(service.adminAuth)
      .expect(200);
    const mine = (audit.body as { action: string; subjectId: string; actor: string }[]).filter(
      (e) => e.subjectId === made.token.id,
    );
    expect(mine.map((e) => e.action).sort()).toEqual(['api_token.created', 'api_token.revoked']);
    expect(mine.every((e) => e.actor === 'user:dev@partner.test')).toBe(true);
  });
});
