import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startServiceProcess } from './support/service-process.js';

/** The first-run path of `npm start`: no DATABASE_URL, the embedded database in a data folder. */
describe('embedded database', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-embedded-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('migrates, shows an admin credential once, and keeps data across restarts', async () => {
    const env = { TESSERA_MODE: 'development', PORT: '0', TESSERA_DATA_DIR: dataDir };

    const first = await startServiceProcess(env);
    const token = /\n\s+(tsa_[A-Za-z0-9_-]{43})\n/.exec(first.output())?.[1];
    expect(token).toBeDefined();
    expect(first.output()).toContain('embedded database');
    const auth = { Authorization: `Bearer ${token}` };
    await request(first.url)
      .post('/v1/admin/deployments')
      .set(auth)
      .send({ id: 'site-one', name: 'Site one' })
      .expect(201);
    await request(first.url).post('/v1/challenges').expect(201);

    // A second process on the same folder would corrupt it: it is refused while the first runs.
    await expect(startServiceProcess(env)).rejects.toThrow(/exited with 2[\s\S]*in use by process/);
    expect(await first.stop()).toBe(0);
    expect((await stat(join(dataDir, 'key-encryption.key'))).mode & 0o077).toBe(0);

    const second = await startServiceProcess(env);
    try {
      expect(second.output()).not.toContain('tsa_');
      const deployments = await request(second.url)
        .get('/v1/admin/deployments')
        .set(auth)
        .expect(200);
      expect(deployments.body).toEqual([expect.objectContaining({ id: 'site-one' })]);
      const jwks = await request(second.url).get('/.well-known/jwks.json').expect(200);
      expect(jwks.body.keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519' })]);
      const audit = await request(second.url).get('/v1/admin/audit/verify').set(auth).expect(200);
      expect(audit.body).toMatchObject({ intact: true, entries: 3 });
    } finally {
      await second.stop();
    }
  });

  it('refuses to start in production without a database URL and a key-encryption key', async () => {
    await expect(
      startServiceProcess({ TESSERA_MODE: 'production', TESSERA_DATA_DIR: dataDir }),
    ).rejects.toThrow(/exited with 2[\s\S]*TESSERA_KEY_ENCRYPTION_KEY is required/);
  });
});
