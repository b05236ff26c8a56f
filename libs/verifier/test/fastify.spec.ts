import Fastify, { type FastifyInstance } from 'fastify';
import request from 'supertest';

import { tesseraFastify } from '../src/fastify.js';
import { Scenario } from './harness.js';

const ORIGIN = 'https://api.plant7.example';

async function appFor(s: Scenario, refusals: string[] = []): Promise<FastifyInstance> {
  const app = Fastify();
  app.addHook(
    'preHandler',
    tesseraFastify(s.verifier, {
      publicOrigin: ORIGIN,
      onRefusal: (error, req) => refusals.push(`${error.code} ${req.method} ${req.url}`),
    }),
  );
  let reached = 0;
  app.get('/api/records', (req) => {
    reached += 1;
    return { installation: req.tessera?.installationId, app: req.tessera?.app.id, reached };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

describe('tesseraFastify', () => {
  const apps: FastifyInstance[] = [];
  afterAll(() => Promise.all(apps.map((app) => app.close())));
  const serve = async (s: Scenario, refusals?: string[]) => {
    const app = await appFor(s, refusals);
    apps.push(app);
    return request(app.server);
  };

  it('lets a verified request through and sets request.tessera', async () => {
    const s = new Scenario();
    const token = await s.token();
    const proof = await s.proof(token, { url: `${ORIGIN}/api/records` });
    const http = await serve(s);

    const response = await http
      .get('/api/records?page=2')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', proof);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ installation: 'inst-42', app: 'app-field', reached: 1 });
  });

  it('answers 401 with the code and never reaches the route when refused', async () => {
    const s = new Scenario();
    const refusals: string[] = [];
    const http = await serve(s, refusals);
    const token = await s.token();
    const proof = await s.proof(token, { url: `${ORIGIN}/api/other` });

    const missing = await http.get('/api/records');
    const wrongUrl = await http
      .get('/api/records')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', proof);

    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ error: 'TOKEN_MISSING', message: expect.any(String) });
    expect(missing.headers['www-authenticate']).toBe('DPoP algs="ES256 EdDSA"');
    expect(wrongUrl.status).toBe(401);
    expect(wrongUrl.body.error).toBe('PROOF_URL_MISMATCH');
    expect(wrongUrl.headers['www-authenticate']).toMatch(/^DPoP error="invalid_dpop_proof"/);
    expect(refusals).toEqual([
      'TOKEN_MISSING GET /api/records',
      'PROOF_URL_MISMATCH GET /api/records',
    ]);
  });

  it('refuses DPoP headers folded into one', async () => {
    const s = new Scenario();
    const http = await serve(s);
    const token = await s.token();
    const proof = await s.proof(token, { url: `${ORIGIN}/api/records` });

    const response = await http
      .get('/api/records')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', `${proof}, ${proof}`);

    expect(response.body.error).toBe('PROOF_MULTIPLE');
  });
});
