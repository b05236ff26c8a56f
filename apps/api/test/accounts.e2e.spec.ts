import request from 'supertest';
import { SessionService } from '../src/accounts/session.service.js';
import {
  createOrganisation,
  invitationToken,
  invitedMember,
  signIn,
  TEST_PASSWORD,
} from './support/portal-client.js';
import { startTestService, type TestService } from './support/test-service.js';

describe('accounts: invitations, sessions, CSRF, lockout', () => {
  let service: TestService;
  let partner: string;
  let vendor: string;

  beforeAll(async () => {
    service = await startTestService({
      env: { TESSERA_SIGNIN_MAX_FAILURES: '3', TESSERA_SIGNIN_LOCKOUT_SECONDS: '2' },
    });
    vendor = await createOrganisation(service, 'Vendor', 'vendor');
    partner = await createOrganisation(service, 'Partner A', 'partner');
  });
  afterAll(() => service.shutdown());

  it('invites by link, accepts once, and signs the new member in', async () => {
    const invited = await request(service.url)
      .post(`/v1/organisations/${partner}/invitations`)
      .set(service.adminAuth)
      .send({ email: 'Dev@Partner-A.test', role: 'developer' })
      .expect(201);
    const { link, invitation } = invited.body as { link: string; invitation: { email: string } };
    expect(link).toMatch(/\/portal\/invitation#[A-Za-z0-9_-]{43}$/);
    expect(invitation.email).toBe('dev@partner-a.test');
    const token = invitationToken(link);

    const preview = await request(service.url)
      .post('/v1/invitations/preview')
      .send({ token })
      .expect(200);
    expect(preview.body).toMatchObject({ organisationName: 'Partner A', role: 'developer' });

    const accepted = await request(service.url)
      .post('/v1/invitations/accept')
      .send({ token, password: TEST_PASSWORD, displayName: 'Dev' })
      .expect(200);
    expect(accepted.body.memberships).toEqual([
      expect.objectContaining({ organisationId: partner, role: 'developer' }),
    ]);

    const again = await request(service.url)
      .post('/v1/invitations/accept')
      .send({ token, password: TEST_PASSWORD, displayName: 'Dev' })
      .expect(404);
    expect(again.body.error).toBe('INVITATION_INVALID');
  });

  it('refuses a password shorter than 12 characters', async () => {
    const invited = await request(service.url)
      .post(`/v1/organisations/${partner}/invitations`)
      .set(service.adminAuth)
      .send({ email: 'short@partner-a.test', role: 'developer' })
      .expect(201);
    const res = await request(service.url)
      .post('/v1/invitations/accept')
      .send({
        token: invitationToken((invited.body as { link: string }).link),
        password: 'short',
        displayName: 'S',
      })
      .expect(400);
    expect(res.body.error).toBe('INVALID_REQUEST');
  });

  it('sets an HttpOnly, Secure, SameSite=Strict host cookie and keeps the session server-side', async () => {
    await invitedMember(service, partner, 'cookie@partner-a.test', 'developer');
    const res = await request(service.url)
      .post('/v1/session')
      .send({ email: 'cookie@partner-a.test', password: TEST_PASSWORD })
      .expect(200);
    const line = (res.headers['set-cookie'] as unknown as string[])[0] ?? '';
    expect(line).toMatch(/^__Host-tessera_session=[A-Za-z0-9_-]{43};/);
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/Secure/);
    expect(line).toMatch(/SameSite=Strict/);
    expect(line).toMatch(/Path=\//);

    const cookie = line.split(';')[0] ?? '';
    const me = await request(service.url).get('/v1/session').set('Cookie', cookie).expect(200);
    expect(me.body.user.email).toBe('cookie@partner-a.test');
    expect(me.body.csrfToken).toBe(res.body.csrfToken);

    await request(service.url)
      .delete('/v1/session')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', res.body.csrfToken as string)
      .expect(204);
    const after = await request(service.url).get('/v1/session').set('Cookie', cookie).expect(401);
    expect(after.body.error).toBe('UNAUTHENTICATED');
  });

  it('ends a session left unused for longer than the idle limit', async () => {
    const session = await invitedMember(service, partner, 'idle@partner-a.test', 'developer');
    const secret = session.cookie.split('=')[1] ?? '';
    const sessions = service.app.get(SessionService);
    const idle = service.config.portal.sessionIdleSeconds * 1000;
    expect(await sessions.authenticate(secret)).toBeDefined();
    expect(await sessions.authenticate(secret, new Date(Date.now() + idle + 1000))).toBeUndefined();
    const res = await session.get('/v1/session').expect(401);
    expect(res.body.error).toBe('UNAUTHENTICATED');
  });

  it('refuses state-changing requests with a session but without the right CSRF token', async () => {
    const session = await invitedMember(service, partner, 'csrf@partner-a.test', 'admin');
    const body = { name: 'csrf', platform: 'android', androidPackage: 'com.csrf.app' };
    for (const csrf of [undefined, 'wrong', session.csrfToken.slice(0, -1)]) {
      const req = request(service.url)
        .post(`/v1/organisations/${partner}/apps`)
        .set('Cookie', session.cookie);
      const res = await (csrf === undefined ? req : req.set('X-CSRF-Token', csrf)).send(body);
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('CSRF_TOKEN_INVALID');
    }
    const listed = await session.get(`/v1/organisations/${partner}/apps`).expect(200);
    expect(listed.body).toEqual([]);
    await session.post(`/v1/organisations/${partner}/apps`, body).expect(201);
  });

  it('does not tell an unknown address from a wrong password', async () => {
    await invitedMember(service, partner, 'known@partner-a.test', 'developer');
    const unknown = await request(service.url)
      .post('/v1/session')
      .send({ email: 'nobody@partner-a.test', password: TEST_PASSWORD })
      .expect(401);
    const wrong = await request(service.url)
      .post('/v1/session')
      .send({ email: 'known@partner-a.test', password: 'not the password' })
      .expect(401);
    expect(unknown.body.error).toBe('SIGN_IN_FAILED');
    expect(wrong.body.error).toBe('SIGN_IN_FAILED');
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('locks an account after repeated failures, even for the right password, until the cooldown', async () => {
    await invitedMember(service, partner, 'locked@partner-a.test', 'developer');
    const attempt = (password: string) =>
      request(service.url).post('/v1/session').send({ email: 'locked@partner-a.test', password });
    for (let i = 0; i < 3; i += 1) expect((await attempt('wrong password!')).status).toBe(401);

    const locked = await attempt(TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('ACCOUNT_LOCKED');

    await new Promise((done) => setTimeout(done, 2100));
    await signIn(service, 'locked@partner-a.test');

    const audit = await request(service.url)
      .get('/v1/admin/audit?limit=500')
      .set(service.adminAuth)
      .expect(200);
    expect((audit.body as { action: string }[]).map((e) => e.action)).toContain('user.locked');
  });

  it('lets a partner admin invite developers to its own organisation only', async () => {
    const admin = await invitedMember(service, partner, 'padmin@partner-a.test', 'admin');
    const made = await admin
      .post(`/v1/organisations/${partner}/invitations`, {
        email: 'new@partner-a.test',
        role: 'developer',
      })
      .expect(201);
    expect(made.body.link).toContain('#');

    const reviewer = await admin.post(`/v1/organisations/${partner}/invitations`, {
      email: 'r@partner-a.test',
      role: 'reviewer',
    });
    expect(reviewer.status).toBe(403);

    const intoVendor = await admin.post(`/v1/organisations/${vendor}/invitations`, {
      email: 'sneak@partner-a.test',
      role: 'admin',
    });
    expect(intoVendor.status).toBe(404);

    const developer = await invitedMember(service, partner, 'pdev@partner-a.test', 'developer');
    const byDeveloper = await developer.post(`/v1/organisations/${partner}/invitations`, {
      email: 'x@partner-a.test',
      role: 'developer',
    });
    expect(byDeveloper.status).toBe(403);
  });

  it('signs vendor staff in with their roles; a reviewer cannot do admin work', async () => {
    const reviewer = await invitedMember(service, vendor, 'reviewer@vendor.test', 'reviewer');
    await reviewer.get('/v1/review/queue').expect(200);
    const res = await reviewer.post('/v1/admin/organisations', { name: 'X', kind: 'partner' });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('FORBIDDEN');

    await reviewer.get(`/v1/organisations/${partner}/apps`).expect(200);
    const create = await reviewer.post(`/v1/organisations/${partner}/apps`, {
      name: 'by reviewer',
      platform: 'android',
      androidPackage: 'com.reviewer.app',
    });
    expect(create.status).toBe(403);

    const vendorAdmin = await invitedMember(service, vendor, 'admin@vendor.test', 'admin');
    await vendorAdmin
      .post('/v1/admin/organisations', { name: 'Partner C', kind: 'partner' })
      .expect(201);
  });
});

describe('sign-in rate limit', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ env: { TESSERA_SIGNIN_PER_MINUTE: '3' } });
  });
  afterAll(() => service.shutdown());

  it('refuses a client that tries too often, whichever account it names', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await request(service.url)
        .post('/v1/session')
        .send({ email: `user${i}@x.test`, password: 'whatever password' });
      codes.push(res.body.error as string);
    }
    expect(codes).toEqual([
      'SIGN_IN_FAILED',
      'SIGN_IN_FAILED',
      'SIGN_IN_FAILED',
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
  });

  it('refuses Secure=false cookies in production mode', async () => {
    const { loadConfig } = await import('../src/config/config.js');
    expect(() =>
      loadConfig({
        TESSERA_MODE: 'production',
        TESSERA_SECURE_COOKIES: 'false',
        DATABASE_URL: 'postgres://x@y/z',
        TESSERA_KEY_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
      }),
    ).toThrow(/TESSERA_SECURE_COOKIES/);
  });
});
