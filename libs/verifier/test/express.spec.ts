import express, { type Request } from 'express';
import request from 'supertest';

import { tesseraExpress, type VerificationError } from '../src/index.js';
import { Scenario } from './harness.js';

const ORIGIN = 'https://api.plant7.example';

function appFor(s: Scenario, refusals: string[] = []): express.Express {
  const app = express();
  app.use(
    '/api',
    tesseraExpress(s.verifier, {
      publicOrigin: ORIGIN,
      onRefusal: (error: VerificationError, req: Request) =>
        refusals.push(`${error.code} ${req.method} ${req.baseUrl}${req.path}`),
    }),
  );
  app.get('/api/records', (req, res) => {
    res.json({ installation: req.tessera?.installationId, app: req.tessera?.app.id });
  });
  return app;
}

describe('tesseraExpress', () => {
  it('lets a verified request through and sets req.tessera', async () => {
    const s = new Scenario();
    const token = await s.token();
    const proof = await s.proof(token, { url: `${ORIGIN}/api/records` });

    const response = await request(appFor(s))
      .get('/api/records?page=2')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', proof);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ installation: 'inst-42', app: 'app-field' });
  });

  it('answers 401 with a bare DPoP challenge when no token is sent', async () => {
    const s = new Scenario();
    const refusals: string[] = [];

    const response = await request(appFor(s, refusals)).get('/api/records');

    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'TOKEN_MISSING', message: expect.any(String) });
    expect(response.headers['www-authenticate']).toBe('DPoP algs="ES256 EdDSA"');
    expect(refusals).toEqual(['TOKEN_MISSING GET /api/records']);
  });

  it('answers 401 invalid_dpop_proof for a proof made for another URL, without echoing the token', async () => {
    const s = new Scenario();
    const token = await s.token();
    const proof = await s.proof(token, { url: `${ORIGIN}/api/other` });

    const response = await request(appFor(s))
      .get('/api/records')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', proof);

    expect(response.status).toBe(401);
    expect(response.body.error).toBe('PROOF_URL_MISMATCH');
    expect(response.headers['www-authenticate']).toMatch(/^DPoP error="invalid_dpop_proof"/);
    expect(response.text).not.toContain(token.slice(0, 20));
  });

  it('answers 401 invalid_token for a token meant for another deployment', async () => {
    const s = new Scenario();
    const token = await s.token({ audience: ['plant-9'] });
    const proof = await s.proof(token, { url: `${ORIGIN}/api/records` });

    const response = await request(appFor(s))
      .get('/api/records')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', proof);

    expect(response.body.error).toBe('TOKEN_AUDIENCE_INVALID');
    expect(response.headers['www-authenticate']).toMatch(/^DPoP error="invalid_token"/);
  });

  it('refuses two DPoP headers', async () => {
    const s = new Scenario();
    const token = await s.token();
    const proof = await s.proof(token, { url: `${ORIGIN}/api/records` });

    const response = await request(appFor(s))
      .get('/api/records')
      .set('Authorization', `DPoP ${token}`)
      // superagent sends each array element as its own header line; its types only say string.
      .set('DPoP', [proof, proof] as unknown as string);

    expect(response.body.error).toBe('PROOF_MULTIPLE');
  });

  it("refuses to start without a public origin: the Host header is the client's to choose", () => {
    const s = new Scenario();
    expect(() =>
      tesseraExpress(s.verifier, undefined as unknown as { publicOrigin: string }),
    ).toThrow(TypeError);
    expect(() => tesseraExpress(s.verifier, { publicOrigin: [] })).toThrow(
      /publicOrigin is required/,
    );
  });

  it('does not let a Host header turn a proof for another server into one for this server', async () => {
    const s = new Scenario();
    const app = express();
    app.use(tesseraExpress(s.verifier, { publicOrigin: ORIGIN }));
    app.get('/x', (_req, res) => res.sendStatus(204));
    const token = await s.token();
    const proof = await s.proof(token, { url: 'http://billing.plant7.example/x' });

    const response = await request(app)
      .get('/x')
      .set('Host', 'billing.plant7.example')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', proof);

    expect(response.status).toBe(401);
    expect(response.body.error).toBe('PROOF_URL_MISMATCH');
  });

  it('with several origins, uses the one the Host header names and refuses any other host', async () => {
    const s = new Scenario();
    const app = express();
    app.use(
      tesseraExpress(s.verifier, {
        publicOrigin: ['https://files.plant7.example', 'https://files-backup.plant7.example'],
      }),
    );
    app.get('/x', (_req, res) => res.sendStatus(204));
    const token = await s.token();

    const named = await request(app)
      .get('/x')
      .set('Host', 'files-backup.plant7.example')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', await s.proof(token, { url: 'https://files-backup.plant7.example/x' }));
    expect(named.status).toBe(204);

    const other = await request(app)
      .get('/x')
      .set('Host', 'evil.example')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', await s.proof(token, { url: 'https://evil.example/x' }));
    expect(other.status).toBe(401);
    expect(other.body.error).toBe('PROOF_URL_MISMATCH');
  });

  it('answers 503 when the replay store fails', async () => {
    const s = new Scenario({
      replayCache: { checkAndRemember: () => Promise.reject(new Error('down')) },
    });
    const token = await s.token();
    const proof = await s.proof(token, { url: `${ORIGIN}/api/records` });

    const response = await request(appFor(s))
      .get('/api/records')
      .set('Authorization', `DPoP ${token}`)
      .set('DPoP', proof);

    expect(response.status).toBe(503);
    expect(response.body.error).toBe('REPLAY_CHECK_FAILED');
  });

  it('refuses a public origin with a path', () => {
    expect(() =>
      tesseraExpress(new Scenario().verifier, { publicOrigin: `${ORIGIN}/api` }),
    ).toThrow(TypeError);
  });
});
