import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import request from 'supertest';
import { createTrustBundle, generateRootKey } from '../../../libs/tokens/src/index.js';
import { startTestService, type TestService } from './support/test-service.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Bundles that verify can still break every site; the service refuses them at upload. */
describe('trust bundle upload', () => {
  const root = generateRootKey();
  let service: TestService;
  let active: JWK;
  let version = 0;

  beforeAll(async () => {
    const rootPublic = createPublicKey(root).export({ type: 'spki', format: 'pem' }).toString();
    service = await startTestService({ env: { TESSERA_ROOT_PUBLIC_KEY: rootPublic } });
    const jwks = await request(service.url).get('/.well-known/jwks.json').expect(200);
    active = (jwks.body as { keys: JWK[] }).keys[0]!;
  });
  afterAll(() => service.shutdown());

  function bundle(keys: { jwk: JWK; notBefore: Date; notAfter: Date }[], expiresAt: Date): string {
    version += 1;
    return createTrustBundle({
      version,
      issuer: service.config.issuer,
      issuedAt: new Date(Date.now() - 60_000),
      expiresAt,
      keys,
      rootKey: root,
    });
  }

  function upload(text: string) {
    return request(service.url)
      .put('/v1/admin/trust-bundle')
      .set(service.adminAuth)
      .send({ bundle: text });
  }

  const aroundNow = () => ({
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 30 * DAY),
  });

  it('refuses a bundle that lists the active kid with other key material', async () => {
    const impostor = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as JWK;
    const res = await upload(
      bundle(
        [{ jwk: { ...impostor, kid: active.kid }, ...aroundNow() }],
        new Date(Date.now() + 30 * DAY),
      ),
    );
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('TRUST_BUNDLE_KEY_MISMATCH');
  });

  it('refuses a bundle whose window for the active key has ended or not begun', async () => {
    const ended = await upload(
      bundle(
        [
          {
            jwk: active,
            notBefore: new Date(Date.now() - 10 * DAY),
            notAfter: new Date(Date.now() - DAY),
          },
        ],
        new Date(Date.now() + 30 * DAY),
      ),
    );
    expect(ended.status).toBe(409);
    expect(ended.body.error).toBe('TRUST_BUNDLE_WINDOW_MISMATCH');
    const later = await upload(
      bundle(
        [
          {
            jwk: active,
            notBefore: new Date(Date.now() + 300 * DAY),
            notAfter: new Date(Date.now() + 400 * DAY),
          },
        ],
        new Date(Date.now() + 30 * DAY),
      ),
    );
    expect(later.status).toBe(409);
    expect(later.body.error).toBe('TRUST_BUNDLE_WINDOW_MISMATCH');
  });

  it('refuses a bundle that would expire within a day', async () => {
    const res = await upload(
      bundle([{ jwk: active, ...aroundNow() }], new Date(Date.now() + HOUR)),
    );
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('TRUST_BUNDLE_EXPIRES_TOO_SOON');
  });

  it('takes a sound bundle after all those refusals, and serves it', async () => {
    const text = bundle([{ jwk: active, ...aroundNow() }], new Date(Date.now() + 30 * DAY));
    expect((await upload(text)).status).toBe(200);
    const served = await request(service.url).get('/v1/trust-bundle').expect(200);
    expect(served.text).toBe(text);
  });

  it('refuses a version beyond what the verifier accepts, as a malformed bundle', async () => {
    version = 2_147_483_647;
    const res = await upload(
      bundle([{ jwk: active, ...aroundNow() }], new Date(Date.now() + 30 * DAY)),
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('BUNDLE_MALFORMED');
  });

  it('says how to send the file when the bundle arrives as JSON instead of as its text', async () => {
    const text = bundle([{ jwk: active, ...aroundNow() }], new Date(Date.now() + 30 * DAY));

    const res = await request(service.url)
      .put('/v1/admin/trust-bundle')
      .set(service.adminAuth)
      .send({ bundle: JSON.parse(text) as unknown });

    expect(res.status).toBe(400);
    expect(res.body.message).toContain("jq -Rs '{bundle: .}' bundle.json");
  });

  it.each(['2027-01-31T00:00:00', '2027-01-31', '2027-02-30T00:00:00Z'])(
    'refuses a signing key window date %s: local time or no such day',
    async (notAfter) => {
      const res = await request(service.url)
        .post('/v1/admin/signing-keys')
        .set(service.adminAuth)
        .send({ notBefore: '2026-12-31T00:00:00Z', notAfter });

      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('notAfter');
    },
  );
});
