import request from 'supertest';
import {
  buildFixture,
  createOrganisation,
  invitedMember,
  type PortalSession,
} from './support/portal-client.js';
import { startTestService, type TestService } from './support/test-service.js';

interface Partner {
  organisation: string;
  admin: PortalSession;
  appId: string;
  buildId: string;
  tokenId: string;
  secret: string;
}

type Method = 'get' | 'post' | 'put';
interface Route {
  method: Method;
  path: (a: Partner) => string;
  body?: object;
  raw?: Buffer;
}

/** Every route a partner may use, aimed at another organisation's resources. */
const PARTNER_ROUTES: Route[] = [
  { method: 'get', path: (a) => `/v1/organisations/${a.organisation}/apps` },
  {
    method: 'post',
    path: (a) => `/v1/organisations/${a.organisation}/apps`,
    body: { name: 'intruder', platform: 'android', androidPackage: 'com.intruder.app' },
  },
  { method: 'get', path: (a) => `/v1/apps/${a.appId}` },
  { method: 'get', path: (a) => `/v1/apps/${a.appId}/builds` },
  {
    method: 'post',
    path: (a) => `/v1/apps/${a.appId}/builds?fileName=x.apk`,
    raw: buildFixture('original.apk'),
  },
  { method: 'get', path: (a) => `/v1/builds/${a.buildId}` },
  { method: 'get', path: (a) => `/v1/apps/${a.appId}/revocations` },
  { method: 'get', path: (a) => `/v1/organisations/${a.organisation}/members` },
  { method: 'get', path: (a) => `/v1/organisations/${a.organisation}/invitations` },
  {
    method: 'post',
    path: (a) => `/v1/organisations/${a.organisation}/invitations`,
    body: { email: 'spy@b.test', role: 'admin' },
  },
  { method: 'get', path: (a) => `/v1/organisations/${a.organisation}/api-tokens` },
  {
    method: 'post',
    path: (a) => `/v1/organisations/${a.organisation}/api-tokens`,
    body: { name: 'spy', scopes: ['builds:read'] },
  },
  { method: 'post', path: (a) => `/v1/api-tokens/${a.tokenId}/revoke` },
];

/** Vendor routes: no partner, whatever the organisation, may call them. */
const VENDOR_ROUTES: Route[] = [
  { method: 'get', path: () => '/v1/review/queue' },
  { method: 'get', path: (a) => `/v1/review/builds/${a.buildId}` },
  {
    method: 'post',
    path: (a) => `/v1/review/builds/${a.buildId}/decision`,
    body: { decision: 'approve', note: 'self-approval' },
  },
  {
    method: 'post',
    path: (a) => `/v1/review/apps/${a.appId}/revocations`,
    body: { kind: 'version', value: '1', note: 'x' },
  },
  { method: 'get', path: () => '/v1/admin/apps' },
  { method: 'get', path: () => '/v1/admin/organisations' },
  { method: 'get', path: () => '/v1/admin/audit' },
  { method: 'post', path: () => '/v1/admin/organisations', body: { name: 'x', kind: 'vendor' } },
  {
    method: 'post',
    path: (a) => `/v1/admin/apps/${a.appId}/review`,
    body: { decision: 'approve', note: 'x' },
  },
  {
    method: 'put',
    path: (a) => `/v1/admin/apps/${a.appId}/deployments`,
    body: { deploymentIds: [] },
  },
];

describe('a partner sees and changes only its own organisation', () => {
  let service: TestService;
  let a: Partner;
  let b: Partner;

  async function partner(name: string, packageName: string): Promise<Partner> {
    const organisation = await createOrganisation(service, name, 'partner');
    const admin = await invitedMember(service, organisation, `admin@${name}.test`, 'admin');
    const app = await admin
      .post(`/v1/organisations/${organisation}/apps`, {
        name,
        platform: 'android',
        androidPackage: packageName,
      })
      .expect(201);
    const appId = (app.body as { id: string }).id;
    const token = await admin
      .post(`/v1/organisations/${organisation}/api-tokens`, {
        name: 'ci',
        scopes: ['builds:write', 'builds:read'],
      })
      .expect(201);
    const { token: view, secret } = token.body as { token: { id: string }; secret: string };
    const build = await request(service.url)
      .post(`/v1/apps/${appId}/builds?fileName=x.apk`)
      .set('Authorization', `Bearer ${secret}`)
      .set('Content-Type', 'application/octet-stream')
      .send(buildFixture('v2-only-with-ecdsa-sha256-p256-sig-does-not-verify.apk'))
      .expect(422);
    const buildId = (build.body as { build: { id: string } }).build.id;
    return { organisation, admin, appId, buildId, tokenId: view.id, secret };
  }

  function send(route: Route, target: Partner, auth: (r: request.Test) => request.Test) {
    let req = auth(request(service.url)[route.method](route.path(target)));
    if (route.raw !== undefined) {
      return req.set('Content-Type', 'application/octet-stream').send(route.raw);
    }
    if (route.body !== undefined) req = req.send(route.body);
    return req;
  }

  const asSession = (who: () => Partner) => (req: request.Test) =>
    req.set('Cookie', who().admin.cookie).set('X-CSRF-Token', who().admin.csrfToken);
  const asToken = (who: () => Partner) => (req: request.Test) =>
    req.set('Authorization', `Bearer ${who().secret}`);

  beforeAll(async () => {
    service = await startTestService();
    a = await partner('alpha', 'android.appsecurity.cts.tinyapp');
    b = await partner('bravo', 'com.bravo.app');
  });
  afterAll(() => service.shutdown());

  it.each(
    PARTNER_ROUTES.map((r) => [
      `${r.method.toUpperCase()} ${r.path({ organisation: ':org', appId: ':app', buildId: ':build', tokenId: ':token' } as Partner)}`,
      r,
    ]),
  )('refuses %s on another organisation, by session and by token', async (_name, route) => {
    for (const auth of [asSession(() => b), asToken(() => b)]) {
      const res = await send(route, a, auth);
      expect([403, 404]).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toContain(a.appId);
      expect(JSON.stringify(res.body)).not.toContain(a.organisation);
    }
  });

  it.each(
    VENDOR_ROUTES.map((r) => [
      `${r.method.toUpperCase()} ${r.path({ organisation: ':org', appId: ':app', buildId: ':build', tokenId: ':token' } as Partner)}`,
      r,
    ]),
  )('refuses %s to partners, even on their own resources', async (_name, route) => {
    for (const auth of [asSession(() => a), asToken(() => a)]) {
      const res = await send(route, a, auth);
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('FORBIDDEN');
    }
  });

  it('lets each partner read its own resources (the refusals above are not blanket ones)', async () => {
    for (const route of PARTNER_ROUTES.filter((r) => r.method === 'get')) {
      const res = await send(
        route,
        a,
        asSession(() => a),
      );
      expect([route.path(a), res.status]).toEqual([route.path(a), 200]);
    }
  });

  it('left the other organisation untouched', async () => {
    const apps = await a.admin.get(`/v1/organisations/${a.organisation}/apps`).expect(200);
    expect((apps.body as unknown[]).length).toBe(1);
    const tokens = await a.admin.get(`/v1/organisations/${a.organisation}/api-tokens`).expect(200);
    expect(tokens.body).toEqual([expect.objectContaining({ id: a.tokenId, revokedAt: null })]);
    const builds = await a.admin.get(`/v1/apps/${a.appId}/builds`).expect(200);
    expect((builds.body as unknown[]).length).toBe(1);
    const members = await a.admin.get(`/v1/organisations/${a.organisation}/members`).expect(200);
    expect((members.body as unknown[]).length).toBe(1);
  });

  it('refuses every route to a caller with no credential', async () => {
    for (const route of [...PARTNER_ROUTES, ...VENDOR_ROUTES]) {
      const res = await send(route, a, (req) => req);
      expect([route.path(a), res.status]).toEqual([route.path(a), 401]);
    }
  });
});
