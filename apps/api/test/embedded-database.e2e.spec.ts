import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { loadConfig } from '../src/config/config.js';
import { startService } from '../src/service.js';

/** The first-run path: no DATABASE_URL, the embedded database in a data folder. */
describe('embedded database', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-embedded-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('migrates, creates an admin credential once, and keeps data across restarts', async () => {
    const config = loadConfig({
      TESSERA_MODE: 'development',
      PORT: '0',
      TESSERA_DATA_DIR: dataDir,
    });

    const first = await startService(config, { logger: false });
    expect(first.embedded).toBe(true);
    const token = first.createdAdminToken;
    expect(token).toMatch(/^tsa_[A-Za-z0-9_-]{43}$/);
    const auth = { Authorization: `Bearer ${token}` };
    await request(first.url)
      .post('/v1/admin/deployments')
      .set(auth)
      .send({ id: 'site-one', name: 'Site one' })
      .expect(201);
    await request(first.url).post('/v1/challenges').expect(201);
    await first.stop();

    const second = await startService(config, { logger: false });
    try {
      expect(second.createdAdminToken).toBeUndefined();
      const deployments = await request(second.url)
        .get('/v1/admin/deployments')
        .set(auth)
        .expect(200);
      expect(deployments.body).toEqual([expect.objectContaining({ id: 'site-one' })]);
      const jwks = await request(second.url).get('/.well-known/jwks.json').expect(200);
      expect(jwks.body.keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519' })]);
      const audit = await request(second.url).get('/v1/admin/audit/verify').set(auth).expect(200);
      expect(audit.body.intact).toBe(true);
    } finally {
      await second.stop();
    }
  });
});
