import { createPublicKey, type KeyObject } from 'node:crypto';
import request from 'supertest';
import { createTrustBundle, generateRootKey } from '../../../libs/tokens/src/index.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { startTestService, type TestService } from './support/test-service.js';

const DAY = 86_400_000;

interface KeyView {
  readonly kid: string;
  readonly state: string;
  readonly jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string };
  readonly notBefore: string;
  readonly notAfter: string;
}

const publicPem = (key: KeyObject) =>
  createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string;

async function keysOf(service: TestService): Promise<KeyView[]> {
  const res = await request(service.url)
    .get('/v1/admin/signing-keys')
    .set(service.adminAuth)
    .expect(200);
  return (res.body as { keys: KeyView[] }).keys;
}

function bundleOf(
  service: TestService,
  version: number,
  keys: KeyView[],
  rootKey: KeyObject,
  nextRootKey?: KeyObject,
): string {
  return createTrustBundle({
    version,
    issuer: service.config.issuer,
    issuedAt: new Date(Date.now() - 1000),
    expiresAt: new Date(Date.now() + 30 * DAY),
    keys: keys.map((key) => ({
      jwk: key.jwk,
      notBefore: new Date(key.notBefore),
      notAfter: new Date(key.notAfter),
    })),
    rootKey,
    ...(nextRootKey !== undefined && { nextRootKey }),
  });
}

function upload(service: TestService, bundle: string) {
  return request(service.url).put('/v1/admin/trust-bundle').set(service.adminAuth).send({ bundle });
}

async function announce(service: TestService): Promise<string> {
  const res = await request(service.url)
    .post('/v1/admin/signing-keys')
    .set(service.adminAuth)
    .send({
      notBefore: new Date(Date.now() - 1000).toISOString(),
      notAfter: new Date(Date.now() + 300 * DAY).toISOString(),
    })
    .expect(201);
  return res.body.kid as string;
}

/** Two instances on one database, as in production: checks must use the database, not memory. */
describe('trust bundles and key activation across instances', () => {
  const root = generateRootKey();
  let database: TestDatabase;
  let first: TestService;
  let second: TestService;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { TESSERA_ROOT_PUBLIC_KEY: publicPem(root) };
    first = await startTestService({ database, env });
    second = await startTestService({ database, env });
  });
  afterAll(async () => {
    await second?.shutdown();
    await first?.shutdown();
    await database?.drop();
  });

  it('refuses at one instance a bundle without the key just activated at the other', async () => {
    const [keyA] = await keysOf(first);
    expect((await upload(first, bundleOf(first, 1, [keyA!], root))).status).toBe(200);
    const kidB = await announce(first);
    const listingBoth = bundleOf(first, 2, await keysOf(first), root);
    expect((await upload(first, listingBoth)).status).toBe(200);
    await request(first.url)
      .post(`/v1/admin/signing-keys/${kidB}/activate`)
      .set(first.adminAuth)
      .expect(200);

    // At once, before the second instance reloads its keys: a bundle listing only A.
    const onlyA = (await keysOf(second)).filter((key) => key.kid !== kidB);
    const res = await upload(second, bundleOf(second, 3, onlyA, root));

    expect(res.status).toBe(409);
    expect(res.body.error).toBe('TRUST_BUNDLE_MISSING_ACTIVE_KEY');
    const served = await request(first.url).get('/v1/trust-bundle').expect(200);
    expect(served.text).toBe(listingBoth);
  });
});

describe('key activation once the service root differs from the bundles it holds', () => {
  it('answers a coded refusal, never an internal error', async () => {
    const [oldRoot, newRoot] = [generateRootKey(), generateRootKey()];
    const database = await createTestDatabase();
    let service = await startTestService({
      database,
      env: { TESSERA_ROOT_PUBLIC_KEY: publicPem(oldRoot) },
    });
    try {
      const keys = await keysOf(service);
      expect((await upload(service, bundleOf(service, 1, keys, oldRoot))).status).toBe(200);
      const handOver = bundleOf(service, 2, keys, oldRoot, newRoot);
      expect((await upload(service, handOver)).status).toBe(200);
      await service.shutdown();
      service = await startTestService({
        database,
        env: { TESSERA_ROOT_PUBLIC_KEY: publicPem(newRoot) },
      });
      const kid = await announce(service);

      const res = await request(service.url)
        .post(`/v1/admin/signing-keys/${kid}/activate`)
        .set(service.adminAuth);

      expect(res.body.error).toMatch(/^(TRUST_STATE_INVALID|BUNDLE_[A-Z_]+)$/);
      expect(res.body.error).not.toBe('INTERNAL_ERROR');
    } finally {
      await service.shutdown();
      await database.drop();
    }
  }, 60_000);
});
