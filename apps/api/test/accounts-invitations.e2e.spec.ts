import request from 'supertest';
import {
  createOrganisation,
  invitationToken,
  invitedMember,
  signIn,
  TEST_PASSWORD,
} from './support/portal-client.js';
import { startTestService, type TestService } from './support/test-service.js';

describe('accounts: accepting invitations for new and existing accounts', () => {
  let service: TestService;
  let vendor: string;
  let partner: string;
  let other: string;

  beforeAll(async () => {
    service = await startTestService({ env: { TESSERA_SIGNIN_PER_MINUTE: '1000' } });
    vendor = await createOrganisation(service, 'Vendor', 'vendor');
    partner = await createOrganisation(service, 'Partner I', 'partner');
    other = await createOrganisation(service, 'Partner J', 'partner');
  });
  afterAll(() => service.shutdown());

  async function invite(organisationId: string, email: string): Promise<string> {
    const res = await request(service.url)
      .post(`/v1/organisations/${organisationId}/invitations`)
      .set(service.adminAuth)
      .send({ email, role: 'admin' })
      .expect(201);
    return invitationToken((res.body as { link: string }).link);
  }

  const accept = (token: string, password: string) =>
    request(service.url)
      .post('/v1/invitations/accept')
      .send({ token, password, displayName: 'Someone' });

  it('takes no password for an address that has an account, right or wrong', async () => {
    await invitedMember(service, vendor, 'boss@vendor.test', 'admin');
    const partnerAdmin = await invitedMember(service, partner, 'admin@partner-i.test', 'admin');
    const made = await partnerAdmin
      .post(`/v1/organisations/${partner}/invitations`, {
        email: 'boss@vendor.test',
        role: 'developer',
      })
      .expect(201);
    const token = invitationToken((made.body as { link: string }).link);

    for (const password of ['wrong guess number 1', TEST_PASSWORD]) {
      const res = await accept(token, password);
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('INVITATION_NEEDS_SIGN_IN');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const preview = await request(service.url).post('/v1/invitations/preview').send({ token });
    expect(preview.status).toBe(200);
  });

  it('lets an existing account accept while signed in, with its CSRF token', async () => {
    await invitedMember(service, partner, 'twice@partner-i.test', 'developer');
    const token = await invite(other, 'twice@partner-i.test');
    const session = await signIn(service, 'twice@partner-i.test');

    const anonymous = await request(service.url)
      .post('/v1/invitations/accept-signed-in')
      .send({ token });
    expect(anonymous.status).toBe(401);
    const noCsrf = await request(service.url)
      .post('/v1/invitations/accept-signed-in')
      .set('Cookie', session.cookie)
      .send({ token });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error).toBe('CSRF_TOKEN_INVALID');

    const joined = await session.post('/v1/invitations/accept-signed-in', { token }).expect(200);
    expect(joined.body.memberships).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ organisationId: partner, role: 'developer' }),
        expect.objectContaining({ organisationId: other, role: 'admin' }),
      ]),
    );
    const again = await session.post('/v1/invitations/accept-signed-in', { token });
    expect(again.body.error).toBe('INVITATION_INVALID');
  });

  it('refuses an invitation meant for another address to a signed-in user', async () => {
    const session = await invitedMember(service, partner, 'taker@partner-i.test', 'developer');
    const token = await invite(other, 'someone-else@partner-i.test');
    const res = await session.post('/v1/invitations/accept-signed-in', { token });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('FORBIDDEN');

    await accept(token, TEST_PASSWORD).expect(200);
  });

  it('makes one account when two invitations for a new address are accepted at once', async () => {
    for (let round = 0; round < 3; round += 1) {
      const email = `race${round}@partner-i.test`;
      const tokens = [await invite(partner, email), await invite(other, email)];
      const answers = await Promise.all(tokens.map((token) => accept(token, TEST_PASSWORD)));
      const outcomes = answers.map((res) => `${res.status} ${String(res.body.error)}`).sort();
      expect(outcomes).toEqual(['200 undefined', '409 INVITATION_NEEDS_SIGN_IN']);
    }
  });
});
