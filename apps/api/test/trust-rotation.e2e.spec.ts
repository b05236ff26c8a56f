import { createPublicKey, type KeyObject } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  type AndroidDevAttestation,
  createAndroidDevAttestation,
  createAndroidDevRoot,
} from '../../../libs/attestation/testing/android-dev-device.js';
import {
  createDpopProof,
  createRefreshProof,
  encryptRootKey,
  generateRootKey,
} from '../../../libs/tokens/src/index.js';
import {
  createTesseraVerifier,
  fileTrustStateStore,
  isTrustBundleError,
  isVerificationError,
  loadTrustBundle,
  type TesseraVerifier,
  type TrustBundle,
} from '../../../libs/verifier/src/index.js';
import { runCli } from '../../cli/src/main.js';
import { AdminClient } from './support/admin-client.js';
import { startTestService, type TestService } from './support/test-service.js';

const SITE = 'plant-7';
const PACKAGE = 'com.tessera.rotation';
const DIGEST = '7a'.repeat(32);
const URL_AT_SITE = 'https://api.plant7.example/records';
const PASSPHRASE = 'correct horse battery staple';
const DAY = 86_400_000;

interface Issued {
  installationId: string;
  token: string;
}

/**
 * The rotation drill, end to end: the real service, the vendor CLI signing bundles offline,
 * and sites running the real verifier on bundles loaded from files with their state files.
 */
describe('key rotation drill', () => {
  let folder: string;
  let service: TestService;
  let rootFile: string;
  let root: KeyObject;
  const devRoot = createAndroidDevRoot();
  let device: AndroidDevAttestation;
  let installationId: string;

  const admin = () => request(service.url);
  const cli = (...argv: string[]) => runCli(argv, { now: new Date(), print: () => undefined });

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'tessera-drill-'));
    process.env.TESSERA_ROOT_PASSPHRASE = PASSPHRASE;
    rootFile = join(folder, 'root.key');
    expect(await cli('root', 'create', '--out', rootFile)).toBe(0);
    root = createPublicKey(await readFile(`${rootFile}.pub.pem`, 'utf8'));
    service = await startTestService({
      env: {
        TESSERA_ROOT_PUBLIC_KEY: root.export({ type: 'spki', format: 'pem' }) as string,
        TESSERA_TEST_ANDROID_ROOTS: devRoot.publicKey.export({
          type: 'spki',
          format: 'pem',
        }) as string,
      },
    });
    const registry = new AdminClient(service);
    await registry.deployment(SITE);
    await registry.approvedAndroidApp({ packageName: PACKAGE, signingDigests: [DIGEST] }, [SITE]);
  });
  afterAll(async () => {
    delete process.env.TESSERA_ROOT_PASSPHRASE;
    await service.shutdown();
    await rm(folder, { recursive: true, force: true });
  });

  /** Exports the service's keys, signs a bundle with the CLI, uploads it; returns the file. */
  async function publishBundle(version: number): Promise<string> {
    const listing = await admin().get('/v1/admin/signing-keys').set(service.adminAuth).expect(200);
    const keysFile = join(folder, `keys-v${version}.json`);
    await writeFile(keysFile, JSON.stringify(listing.body));
    const out = join(folder, `bundle-v${version}.json`);
    const signed = await cli(
      'bundle',
      'sign',
      '--root',
      rootFile,
      '--keys',
      keysFile,
      '--version',
      String(version),
      '--expires',
      '+400d',
      '--out',
      out,
    );
    expect(signed).toBe(0);
    const text = await readFile(out, 'utf8');
    const uploaded = await admin()
      .put('/v1/admin/trust-bundle')
      .set(service.adminAuth)
      .send({ bundle: text });
    expect(uploaded.body).toMatchObject({ version });
    return text;
  }

  async function enrol(): Promise<Issued> {
    const challenge = (await admin().post('/v1/challenges').expect(201)).body.challenge as string;
    device = createAndroidDevAttestation(devRoot, {
      challenge: Buffer.from(challenge, 'base64url'),
      packageName: PACKAGE,
      versionCode: 3,
      signatureDigests: [DIGEST],
    });
    const res = await admin()
      .post('/v1/installations/android')
      .send({
        challenge,
        certificateChain: device.chain.map((der) => Buffer.from(der).toString('base64')),
      })
      .expect(201);
    installationId = res.body.installationId as string;
    return res.body as Issued;
  }

  async function refresh(): Promise<Issued> {
    const challenge = (await admin().post('/v1/challenges').expect(201)).body.challenge as string;
    const proof = await createRefreshProof({
      privateKey: device.privateKey,
      installationId,
      challenge,
      now: new Date(),
    });
    const res = await admin()
      .post('/v1/tokens')
      .send({ installationId, challenge, proof })
      .expect(200);
    return res.body as Issued;
  }

  /** A customer site: a bundle loaded from a file, its state file, and a verifier at a clock. */
  function site(bundle: TrustBundle, at: () => Date): TesseraVerifier {
    return createTesseraVerifier({ deployment: SITE, trustBundle: bundle, now: at });
  }

  async function verdict(verifier: TesseraVerifier, token: string, at: Date): Promise<string> {
    const proof = await createDpopProof({
      privateKey: device.privateKey,
      publicJwk: device.publicJwk,
      method: 'GET',
      url: URL_AT_SITE,
      accessToken: token,
      now: at,
    });
    try {
      await verifier.verifyRequest({
        authorization: `DPoP ${token}`,
        dpop: proof,
        method: 'GET',
        url: URL_AT_SITE,
      });
      return 'accepted';
    } catch (error) {
      if (isVerificationError(error)) return error.code;
      throw error;
    }
  }

  const kidOf = (token: string) =>
    (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

  it('rotates from key A to key B without a site noticing, and refuses what it must', async () => {
    const rootPublic = root.export({ type: 'spki', format: 'pem' }) as string;
    const load = (text: string, stateFile: string) =>
      loadTrustBundle(text, {
        rootPublicKey: rootPublic,
        stateStore: fileTrustStateStore(join(folder, stateFile)),
        now: new Date(),
      });

    // Bundle v1 lists key A; the service serves it for download.
    const v1 = await publishBundle(1);
    const served = await admin().get('/v1/trust-bundle').expect(200);
    expect(served.text).toBe(v1);
    const upgradedV1 = load(served.text, 'upgraded-site.json');
    const laggingV1 = load(v1, 'lagging-site.json');
    const keyA = upgradedV1.keys[0]!;

    // Tokens are issued with A and verify at a site on v1.
    const byA = await enrol();
    expect(kidOf(byA.token)).toBe(keyA.kid);
    expect(
      await verdict(
        site(upgradedV1, () => new Date()),
        byA.token,
        new Date(),
      ),
    ).toBe('accepted');

    // Key B is announced with a window that opens shortly; it cannot be activated before.
    const opens = new Date(Math.ceil((Date.now() + 1500) / 1000) * 1000);
    const announced = await admin()
      .post('/v1/admin/signing-keys')
      .set(service.adminAuth)
      .send({
        notBefore: opens.toISOString(),
        notAfter: new Date(Date.now() + 365 * DAY).toISOString(),
      })
      .expect(201);
    const kidB = announced.body.kid as string;
    expect(announced.body.state).toBe('announced');
    const early = await admin()
      .post(`/v1/admin/signing-keys/${kidB}/activate`)
      .set(service.adminAuth);
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('SIGNING_KEY_OUTSIDE_WINDOW');

    // Bundle v2 announces B well before it signs anything; the upgraded site loads it.
    const v2 = await publishBundle(2);
    const upgradedV2 = load(v2, 'upgraded-site.json');
    expect(upgradedV2.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([keyA.kid, kidB]));
    expect(kidOf((await refresh()).token)).toBe(keyA.kid);

    // The service switches to B once its window is open; A retires.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, opens.getTime() - Date.now() + 50)),
    );
    const activated = await admin()
      .post(`/v1/admin/signing-keys/${kidB}/activate`)
      .set(service.adminAuth)
      .expect(200);
    expect(activated.body.state).toBe('active');
    const byB = await refresh();
    expect(kidOf(byB.token)).toBe(kidB);
    const jwks = await admin().get('/.well-known/jwks.json').expect(200);
    expect((jwks.body.keys as { kid: string }[]).map((key) => key.kid)).toEqual(
      expect.arrayContaining([keyA.kid, kidB]),
    );

    // The upgraded site accepts B, and A's tokens until they expire.
    const upgraded = site(upgradedV2, () => new Date());
    expect(await verdict(upgraded, byB.token, new Date())).toBe('accepted');
    expect(await verdict(upgraded, byA.token, new Date())).toBe('accepted');
    const afterExpiry = new Date(Date.now() + (service.config.tokenLifetimeSeconds + 60) * 1000);
    expect(
      await verdict(
        site(upgradedV2, () => afterExpiry),
        byA.token,
        afterExpiry,
      ),
    ).toBe('TOKEN_EXPIRED');

    // A site still on v1 after A's window knows nothing of B: it refuses B's tokens.
    const afterWindowA = new Date(keyA.notAfter.getTime() + 1000);
    expect(
      await verdict(
        site(laggingV1, () => afterWindowA),
        byB.token,
        afterWindowA,
      ),
    ).toBe('TOKEN_KEY_UNKNOWN');
    expect(
      await verdict(
        site(laggingV1, () => new Date()),
        byB.token,
        new Date(),
      ),
    ).toBe('TOKEN_KEY_UNKNOWN');

    // An old bundle offered after v2 is refused, by the site and by the service.
    let rollback = 'accepted';
    try {
      load(v1, 'upgraded-site.json');
    } catch (error) {
      rollback = isTrustBundleError(error) ? error.code : String(error);
    }
    expect(rollback).toBe('BUNDLE_VERSION_ROLLBACK');
    const reupload = await admin()
      .put('/v1/admin/trust-bundle')
      .set(service.adminAuth)
      .send({ bundle: v1 });
    expect(reupload.status).toBe(409);
    expect(reupload.body.error).toBe('BUNDLE_VERSION_ROLLBACK');

    // Bundle v3 lists A with its window ended at retirement, and a site holding it refuses a
    // token A could only have signed after that.
    const v3 = load(await publishBundle(3), 'upgraded-site.json');
    const retiredA = v3.keys.find((key) => key.kid === keyA.kid)!;
    expect(retiredA.notAfter.getTime()).toBeLessThan(keyA.notAfter.getTime());

    // A key the latest bundle does not list cannot be activated: sites would refuse its tokens.
    const keyC = await admin()
      .post('/v1/admin/signing-keys')
      .set(service.adminAuth)
      .send({
        notBefore: new Date(Date.now() - 1000).toISOString(),
        notAfter: new Date(Date.now() + 365 * DAY).toISOString(),
      })
      .expect(201);
    const kidC = keyC.body.kid as string;
    const unpublished = await admin()
      .post(`/v1/admin/signing-keys/${kidC}/activate`)
      .set(service.adminAuth);
    expect(unpublished.status).toBe(409);
    expect(unpublished.body.error).toBe('SIGNING_KEY_NOT_IN_TRUST_BUNDLE');
    expect(kidOf((await refresh()).token)).toBe(kidB);
    const v4 = load(await publishBundle(4), 'upgraded-site.json');
    expect(v4.keys.map((key) => key.kid)).toContain(kidC);
    await admin()
      .post(`/v1/admin/signing-keys/${kidC}/activate`)
      .set(service.adminAuth)
      .expect(200);
    const byC = await refresh();
    expect(kidOf(byC.token)).toBe(kidC);
    expect(
      await verdict(
        site(v4, () => new Date()),
        byC.token,
        new Date(),
      ),
    ).toBe('accepted');

    // Every key change is in the audit log.
    const audit = await admin().get('/v1/admin/audit?limit=100').set(service.adminAuth).expect(200);
    const actions = (audit.body as { action: string }[]).map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'signing_key.created',
        'signing_key.announced',
        'signing_key.activated',
        'signing_key.retired',
        'trust_bundle.uploaded',
      ]),
    );
  });

  it('refuses bundles not signed by the configured root, and answers 404 before the first', async () => {
    const stranger = generateRootKey();
    const strangerFile = join(folder, 'stranger.key');
    await writeFile(strangerFile, await encryptRootKey(stranger, PASSPHRASE));
    const listing = await admin().get('/v1/admin/signing-keys').set(service.adminAuth).expect(200);
    const keysFile = join(folder, 'keys-stranger.json');
    await writeFile(keysFile, JSON.stringify(listing.body));
    const out = join(folder, 'stranger-bundle.json');
    expect(
      await cli(
        'bundle',
        'sign',
        '--root',
        strangerFile,
        '--keys',
        keysFile,
        '--version',
        '99',
        '--expires',
        '+30d',
        '--out',
        out,
      ),
    ).toBe(0);
    const res = await admin()
      .put('/v1/admin/trust-bundle')
      .set(service.adminAuth)
      .send({ bundle: await readFile(out, 'utf8') });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('BUNDLE_ROOT_UNKNOWN');
  });
});
