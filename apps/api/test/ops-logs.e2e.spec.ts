import { ConsoleLogger } from '@nestjs/common';
import request from 'supertest';
import type { RequestLogLine } from '../src/ops/request-observer.js';
import { AdminClient } from './support/admin-client.js';
import { chainToBase64Der, loadVector, PIXEL_7_PRO } from './support/fixtures.js';
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from './support/test-service.js';

const SITE = 'logs-site';
const METRICS_TOKEN = 'tsm_metrics-scraper-credential-9876543210';
const WRONG_CREDENTIAL = 'tsa_a-guessed-admin-credential-5555555555';

/** Everything the process writes to stdout and stderr while `run` runs. */
async function captureOutput(run: () => Promise<void>): Promise<string> {
  const written: string[] = [];
  const capture = (chunk: string | Uint8Array): boolean => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    await run();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return written.join('');
}

function requestLines(output: string): RequestLogLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { context?: string; message: unknown })
    .filter((entry) => entry.context === 'Request')
    .map((entry) => entry.message as RequestLogLine);
}

describe('request logs', () => {
  let service: TestService;
  let admin: AdminClient;

  beforeAll(async () => {
    await captureOutput(async () => {
      service = await startTestService({
        env: { TESSERA_METRICS_TOKEN: METRICS_TOKEN },
        logger: new ConsoleLogger({ json: true, logLevels: ['log', 'warn', 'error', 'fatal'] }),
      });
      admin = new AdminClient(service);
      await admin.deployment(SITE);
      await admin.approvedAndroidApp(
        {
          packageName: 'com.google.attestationexample',
          signingDigests: ['68856d1d06f637d6255face5b224db43a9514ace538bb1548b844480fcd85c87'],
        },
        [SITE],
      );
    });
  });
  afterAll(() => service.shutdown());

  it('writes one line per request, and no token, credential or evidence', async () => {
    const vector = loadVector(PIXEL_7_PRO);
    const chain = chainToBase64Der(vector.input.chainPem as string[]);
    const seed = () =>
      request(service.url)
        .post('/v1/test/challenges')
        .send({
          challenge: Buffer.from(vector.input.expectedChallengeHex as string, 'hex').toString(
            'base64url',
          ),
          evidenceTime: vector.input.verifyAt,
        })
        .expect(201);
    const requestIds: string[] = [];
    let token = '';

    const output = await captureOutput(async () => {
      const seeded = await seed();
      const enrolled = await request(service.url)
        .post('/v1/installations/android?access_token=query-secret-value')
        .send({
          challenge: (seeded.body as { challenge: string }).challenge,
          certificateChain: chain,
        })
        .expect(201);
      token = (enrolled.body as { token: string }).token;
      const refused = await request(service.url)
        .post('/v1/installations/android')
        .send({
          challenge: ((await seed()).body as { challenge: string }).challenge,
          certificateChain: chain.slice(0, 1),
        })
        .expect(403);
      const guessed = await request(service.url)
        .get('/v1/admin/apps')
        .set('Authorization', `Bearer ${WRONG_CREDENTIAL}`)
        .expect(401);
      const listed = await request(service.url).get('/v1/admin/apps').set(service.adminAuth);
      const scraped = await request(service.url)
        .get('/metrics')
        .set('Authorization', `Bearer ${METRICS_TOKEN}`)
        .expect(200);
      for (const res of [seeded, enrolled, refused, guessed, listed, scraped]) {
        requestIds.push(res.headers['x-request-id'] as string);
      }
    });

    const lines = requestLines(output);
    expect(lines).toHaveLength(7);
    expect(lines.map((l) => l.requestId)).toEqual(expect.arrayContaining(requestIds));
    expect(lines[1]).toMatchObject({
      method: 'POST',
      route: '/v1/installations/android',
      status: 201,
      durationMs: expect.any(Number),
    });
    expect(lines[3]).toMatchObject({ status: 403, refusal: 'UNTRUSTED_ROOT' });
    expect(lines[4]).toMatchObject({ route: '/v1/admin/apps', refusal: 'UNAUTHENTICATED' });

    const secrets = [
      token,
      token.split('.')[2]!,
      TEST_ADMIN_TOKEN,
      WRONG_CREDENTIAL,
      METRICS_TOKEN,
      'query-secret-value',
      ...chain.map((cert) => cert.slice(-64)),
    ];
    for (const secret of secrets) expect(output).not.toContain(secret);
  });
});
