import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { AdminClient } from './support/admin-client.js';
import { startTestService, type TestService } from './support/test-service.js';

/** Hostile and broken requests get a coded 4xx, never a 500, and the service keeps serving. */
describe('bad input', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ env: { TESSERA_MAX_BODY_BYTES: '65536' } });
  });
  afterAll(() => service.shutdown());

  async function challenge(): Promise<string> {
    const res = await request(service.url).post('/v1/challenges').expect(201);
    return (res.body as { challenge: string }).challenge;
  }

  function post(path: string) {
    return request(service.url).post(path).set('Content-Type', 'application/json');
  }

  it.each([
    ['malformed JSON', '{"challenge": ', 400, 'MALFORMED_JSON'],
    ['a JSON array', '[1,2,3]', 400, 'INVALID_REQUEST'],
    [
      'an oversized body',
      JSON.stringify({ challenge: 'a', certificateChain: ['A'.repeat(70_000)] }),
      413,
      'BODY_TOO_LARGE',
    ],
    ['a missing chain', '{"challenge":"abc"}', 400, 'INVALID_REQUEST'],
    ['an empty chain', '{"challenge":"abc","certificateChain":[]}', 400, 'INVALID_REQUEST'],
    [
      'a chain of eleven',
      JSON.stringify({ challenge: 'abc', certificateChain: Array(11).fill('AAAA') }),
      400,
      'INVALID_REQUEST',
    ],
    [
      'a challenge with stray characters',
      '{"challenge":"a b","certificateChain":["AAAA"]}',
      400,
      'INVALID_REQUEST',
    ],
  ])('refuses %s on Android enrolment', async (_name, body, status, code) => {
    const res = await post('/v1/installations/android').send(body);
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(code);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await request(service.url)
      .post('/v1/installations/android')
      .set('Content-Type', 'text/plain')
      .send('challenge=abc');
    expect(res.status).toBe(415);
    expect(res.body.error).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.message).toBe('request body must be application/json');
  });

  it('takes a bodiless POST that declares JSON, and still refuses one that declares text', async () => {
    const activate = (type: string) =>
      request(service.url)
        .post('/v1/admin/signing-keys/no-such-kid/activate')
        .set(service.adminAuth)
        .set('Content-Type', type);

    expect((await activate('application/json')).body.error).toBe('NOT_FOUND');
    expect((await activate('text/plain')).status).toBe(415);
  });

  it('refuses certificates that are not DER, with the challenge used up', async () => {
    const issued = await challenge();
    const res = await post('/v1/installations/android').send({
      challenge: issued,
      certificateChain: ['MIIBogus', 'AAAA'],
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('MALFORMED_EVIDENCE');

    const reused = await post('/v1/installations/android').send({
      challenge: issued,
      certificateChain: ['AAAA'],
    });
    expect(reused.status).toBe(401);
    expect(reused.body.error).toBe('CHALLENGE_UNKNOWN');
  });

  it('refuses broken base64 with a code', async () => {
    const res = await post('/v1/installations/android').send({
      challenge: await challenge(),
      certificateChain: ['AA=A'],
    });
    expect(res.status).toBe(400);
    expect(['MALFORMED_BASE64', 'INVALID_REQUEST']).toContain(res.body.error);
  });

  it('refuses broken CBOR in an App Attest enrolment', async () => {
    const proofKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      format: 'jwk',
    });
    const admin = new AdminClient(service);
    await admin.deployment('cbor-site');
    await admin.approvedIosApp(
      { teamId: 'ABCDE12345', bundleId: 'com.example.app', environment: 'production' },
      ['cbor-site'],
    );
    const res = await post('/v1/installations/ios').send({
      challenge: await challenge(),
      appId: 'ABCDE12345.com.example.app',
      keyId: Buffer.alloc(32, 1).toString('base64'),
      attestationObject: Buffer.from([0xa3, 0x63, 0x66, 0x6d]).toString('base64'),
      proofKey: { kty: 'EC', crv: 'P-256', x: proofKey.x, y: proofKey.y },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('MALFORMED_EVIDENCE');
  });

  it('refuses a proof key that is not a P-256 public key', async () => {
    const res = await post('/v1/installations/ios').send({
      challenge: await challenge(),
      appId: 'ABCDE12345.com.example.app',
      keyId: 'AAAA',
      attestationObject: 'AAAA',
      proofKey: {
        kty: 'EC',
        crv: 'P-256',
        x: 'A'.repeat(43),
        y: 'B'.repeat(43),
        d: 'C'.repeat(43),
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('INVALID_REQUEST');
  });

  it('refuses JSON nested past the limit before validation walks it', async () => {
    // 10,000 levels in 60 KB: under the body limit, far past any validator's stack.
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const res = await post('/v1/tokens').send(deep);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('MALFORMED_JSON');
  });

  it('refuses strings holding NUL, which PostgreSQL cannot store', async () => {
    const res = await post('/v1/admin/organisations')
      .set(service.adminAuth)
      .send({ name: 'a\u0000b', kind: 'partner' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('INVALID_REQUEST');
  });

  it('refuses NUL in a query string too', async () => {
    const res = await request(service.url)
      .get('/v1/admin/audit?before=1%002')
      .set(service.adminAuth);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('INVALID_REQUEST');
  });

  it('refuses a proof key whose coordinates are not a point on P-256', async () => {
    const res = await post('/v1/installations/ios').send({
      challenge: await challenge(),
      appId: 'ABCDE12345.com.example.app',
      keyId: Buffer.alloc(32, 1).toString('base64'),
      attestationObject: 'AAAA',
      proofKey: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'A'.repeat(43) },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('PROOF_KEY_UNSUPPORTED');
  });

  it('refuses a refresh that carries neither an assertion nor a proof, or both', async () => {
    const base = {
      installationId: '00000000-0000-4000-8000-000000000000',
      challenge: await challenge(),
    };
    for (const body of [base, { ...base, assertion: 'AAAA', proof: 'a.b.c' }]) {
      const res = await post('/v1/tokens').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('INVALID_REQUEST');
    }
  });

  it('still serves after all of that', async () => {
    await request(service.url).get('/health/ready').expect(200);
  });
});
