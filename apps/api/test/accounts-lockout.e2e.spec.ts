import request from 'supertest';
import { createOrganisation, invitedMember, TEST_PASSWORD } from './support/portal-client.js';
import { startTestService, type TestService } from './support/test-service.js';

const MAX_FAILURES = 5;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describe('accounts: lockout under parallel guessing, and for unknown addresses', () => {
  let service: TestService;
  let partner: string;

  beforeAll(async () => {
    service = await startTestService({
      env: {
        TESSERA_SIGNIN_MAX_FAILURES: String(MAX_FAILURES),
        TESSERA_SIGNIN_LOCKOUT_SECONDS: '600',
        TESSERA_SIGNIN_PER_MINUTE: '1000',
      },
    });
    partner = await createOrganisation(service, 'Partner L', 'partner');
  });
  afterAll(() => service.shutdown());

  const attempt = (email: string, password: string) =>
    request(service.url).post('/v1/session').send({ email, password });

  async function parallelCodes(email: string, count: number): Promise<Record<string, number>> {
    const answers = await Promise.all(
      Array.from({ length: count }, () => attempt(email, 'wrong password!')),
    );
    const codes: Record<string, number> = {};
    for (const res of answers) {
      const key = `${res.status} ${String(res.body.error)}`;
      codes[key] = (codes[key] ?? 0) + 1;
    }
    return codes;
  }

  it('checks at most the allowed number of guesses when they arrive in parallel', async () => {
    await invitedMember(service, partner, 'parallel@partner-l.test', 'developer');
    const codes = await parallelCodes('parallel@partner-l.test', 12);
    expect(codes).toEqual({
      '401 SIGN_IN_FAILED': MAX_FAILURES,
      '429 ACCOUNT_LOCKED': 12 - MAX_FAILURES,
    });

    const right = await attempt('parallel@partner-l.test', TEST_PASSWORD);
    expect(right.status).toBe(429);
  });

  it('locks an unknown address after the same number of failures as a real account', async () => {
    await invitedMember(service, partner, 'real@partner-l.test', 'developer');
    const answers = async (email: string) => {
      const seen: string[] = [];
      for (let i = 0; i <= MAX_FAILURES; i += 1) {
        const res = await attempt(email, 'wrong password!');
        seen.push(`${res.status} ${String(res.body.error)} ${String(res.body.message)}`);
      }
      return seen;
    };
    const real = await answers('real@partner-l.test');
    const unknown = await answers('nobody@partner-l.test');
    expect(unknown).toEqual(real);
    expect(unknown.at(-1)).toMatch(/^429 ACCOUNT_LOCKED /);
    expect(unknown.slice(0, MAX_FAILURES).every((a) => a.startsWith('401 SIGN_IN_FAILED'))).toBe(
      true,
    );

    const differentCase = await attempt('NoBody@Partner-L.test', 'wrong password!');
    expect(differentCase.body.error).toBe('ACCOUNT_LOCKED');
  });

  it('counts parallel guesses at an unknown address like those at a real one', async () => {
    const codes = await parallelCodes('ghost@partner-l.test', 12);
    expect(codes).toEqual({
      '401 SIGN_IN_FAILED': MAX_FAILURES,
      '429 ACCOUNT_LOCKED': 12 - MAX_FAILURES,
    });
  });

  it('does not reveal when a lock ends', async () => {
    await invitedMember(service, partner, 'when@partner-l.test', 'developer');
    for (let i = 0; i < MAX_FAILURES; i += 1) await attempt('when@partner-l.test', 'wrong!');
    const locked = await attempt('when@partner-l.test', TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('ACCOUNT_LOCKED');
    expect(locked.body.message).not.toMatch(ISO_TIME);
  });

  it('starts the count again after a successful sign-in', async () => {
    await invitedMember(service, partner, 'reset@partner-l.test', 'developer');
    for (let i = 0; i < MAX_FAILURES - 1; i += 1) {
      expect((await attempt('reset@partner-l.test', 'wrong!')).status).toBe(401);
    }
    expect((await attempt('reset@partner-l.test', TEST_PASSWORD)).status).toBe(200);
    for (let i = 0; i < MAX_FAILURES - 1; i += 1) {
      expect((await attempt('reset@partner-l.test', 'wrong!')).status).toBe(401);
    }
    expect((await attempt('reset@partner-l.test', TEST_PASSWORD)).status).toBe(200);
  });
});
