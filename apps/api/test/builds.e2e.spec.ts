import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeZip } from '../../../libs/builds/test/zip-writer.js';
import { BuildSweeper, LEFTOVER_AGE_MS } from '../src/builds/build-sweeper.js';
import {
  buildFixture,
  createOrganisation,
  invitedMember,
  type PortalSession,
} from './support/portal-client.js';
import { startTestService, type TestService } from './support/test-service.js';

const TINY_APP = 'android.appsecurity.cts.tinyapp';
const RSA_2048 = 'fb5dbd3c669af9fc236c6991e6387b7f11ff0590997f22d0f5c74ff40e04fca8';
const EC_P256 = '6a8b96e278e58f62cfe3584022cec1d0527fcb85a9e5d2e1694eb0405be5b599';
const PLAY_SIGNING = 'ab'.repeat(32);
const MAX_BUILD_BYTES = 1024 * 1024;

interface BuildBody {
  id: string;
  status: string;
  sha256: string | null;
  identity: Record<string, unknown> | null;
  refusal: { code: string; message: string } | null;
}

describe('build uploads', () => {
  let service: TestService;
  let developer: PortalSession;
  let androidApp: string;

  async function app(body: object): Promise<string> {
    const organisation = (await developer.get('/v1/session')).body.memberships[0]
      .organisationId as string;
    const res = await developer.post(`/v1/organisations/${organisation}/apps`, body).expect(201);
    return (res.body as { id: string }).id;
  }

  async function storedFiles(): Promise<string[]> {
    const folder = join(service.config.dataDir, 'builds');
    const top = await readdir(folder).catch(() => [] as string[]);
    const incoming = await readdir(join(folder, 'incoming')).catch(() => [] as string[]);
    return [...top.filter((f) => f !== 'incoming'), ...incoming.map((f) => `incoming/${f}`)];
  }

  beforeAll(async () => {
    service = await startTestService({ env: { TESSERA_MAX_BUILD_BYTES: String(MAX_BUILD_BYTES) } });
    const partner = await createOrganisation(service, 'Partner', 'partner');
    developer = await invitedMember(service, partner, 'dev@partner.test', 'developer');
    androidApp = await app({ name: 'Tiny', platform: 'android', androidPackage: TINY_APP });
  });
  afterAll(() => service.shutdown());

  it('streams a real APK to disk, keeps it under its id with its SHA-256, and extracts its facts', async () => {
    const file = buildFixture('original.apk');
    const res = await developer.upload(androidApp, file, 'original.apk').expect(201);
    const build = res.body as BuildBody;
    const sha256 = createHash('sha256').update(file).digest('hex');
    expect(sha256).toBe('3c2fe9b5ce639371490a92e0cec783413bdb9deb4a5e6620d413d86cb5ca518f');
    expect(build).toMatchObject({ status: 'pending', sha256, refusal: null });
    expect(build.identity).toEqual({
      platform: 'android',
      packageName: TINY_APP,
      versionCode: '10',
      versionName: '1.0',
      debuggable: false,
      uploadCertificateSha256: [RSA_2048],
      appSigningCertificateSha256: [RSA_2048],
    });
    const stored = await readFile(join(service.config.dataDir, 'builds', `${build.id}.apk`));
    expect(stored.equals(file)).toBe(true);
    expect(await storedFiles()).toEqual([`${build.id}.apk`]);
  });

  it('refuses a build whose signature does not verify, records why, and keeps no file', async () => {
    const before = await storedFiles();
    const res = await developer
      .upload(
        androidApp,
        buildFixture('v2-only-with-ecdsa-sha256-p256-sig-does-not-verify.apk'),
        'bad.apk',
      )
      .expect(422);
    expect(res.body.error).toBe('SIGNATURE_INVALID');
    const build = (res.body as { build: BuildBody }).build;
    expect(build).toMatchObject({ status: 'refused', identity: null });
    expect(build.refusal?.code).toBe('SIGNATURE_INVALID');

    const listed = await developer.get(`/v1/apps/${androidApp}/builds`).expect(200);
    expect((listed.body as BuildBody[]).find((b) => b.id === build.id)?.refusal).toEqual(
      build.refusal,
    );
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses a zip bomb, and a file that is no archive', async () => {
    const before = await storedFiles();
    const bomb = writeZip([
      { name: 'AndroidManifest.xml', data: Buffer.alloc(64 * 1024 * 1024), deflate: true },
    ]);
    expect(bomb.length).toBeLessThan(MAX_BUILD_BYTES);
    const res = await developer.upload(androidApp, bomb, 'bomb.apk').expect(422);
    expect(res.body.error).toBe('ZIP_BOMB');

    const junk = await developer
      .upload(androidApp, Buffer.from('not a zip archive at all'), 'junk.apk')
      .expect(422);
    expect(junk.body.error).toBe('NOT_AN_ARCHIVE');
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses a build over the size limit before storing it', async () => {
    const before = await storedFiles();
    const res = await developer
      .upload(androidApp, Buffer.alloc(MAX_BUILD_BYTES + 1, 1), 'huge.apk')
      .expect(413);
    expect(res.body.error).toBe('BUILD_TOO_LARGE');
    expect((res.body as { build: BuildBody }).build.status).toBe('refused');
    expect(await storedFiles()).toEqual(before);
  });

  it('stops reading a chunked upload at the limit and leaves no partial file', async () => {
    const before = await storedFiles();
    const url = new URL(`/v1/apps/${androidApp}/builds?fileName=endless.apk`, service.url);
    const status = await new Promise<number | 'reset'>((resolve) => {
      const req = httpRequest(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/octet-stream',
          'Transfer-Encoding': 'chunked',
          Cookie: developer.cookie,
          'X-CSRF-Token': developer.csrfToken,
        },
      });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('error', () => resolve('reset'));
      const chunk = Buffer.alloc(64 * 1024, 7);
      let sent = 0;
      const pump = (): void => {
        while (sent <= 4 * MAX_BUILD_BYTES) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expect([413, 'reset']).toContain(status);
    await new Promise((done) => setTimeout(done, 200));
    const listed = await developer.get(`/v1/apps/${androidApp}/builds`).expect(200);
    expect((listed.body as BuildBody[])[0]?.refusal?.code).toBe('BUILD_TOO_LARGE');
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses a build of another package than the app', async () => {
    const other = await app({
      name: 'Other',
      platform: 'android',
      androidPackage: 'com.other.app',
    });
    const res = await developer.upload(other, buildFixture('original.apk'), 'x.apk').expect(422);
    expect(res.body.error).toBe('BUILD_IDENTITY_MISMATCH');
    expect(res.body.message).toMatch(/packageName/);
  });

  it('takes an AAB only with the declared Play App Signing certificate, and shows both', async () => {
    const bundle = await app({
      name: 'Bundle',
      platform: 'android',
      androidPackage: 'com.google.android.samples.dynamicfeatures.ondemand',
    });
    const file = buildFixture('ondemand-min-signed-ecp256.aab');
    const missing = await developer.upload(bundle, file, 'app.aab').expect(422);
    expect(missing.body.error).toBe('APP_SIGNING_CERTIFICATE_REQUIRED');

    const res = await developer.upload(bundle, file, 'app.aab', PLAY_SIGNING).expect(201);
    expect((res.body as BuildBody).identity).toMatchObject({
      uploadCertificateSha256: [EC_P256],
      appSigningCertificateSha256: [PLAY_SIGNING],
    });
  });

  it('reads an IPA: team id and bundle id from the signed entitlements', async () => {
    const ios = await app({
      name: 'Demo',
      platform: 'ios',
      iosBundleId: 'com.icyleaf.AppInfoDemo',
    });
    const res = await developer.upload(ios, buildFixture('iphone.ipa'), 'demo.ipa').expect(201);
    expect((res.body as BuildBody).identity).toEqual({
      platform: 'ios',
      teamId: '5PJA6N5A3B',
      bundleId: 'com.icyleaf.AppInfoDemo',
      version: '1.2.3',
      buildNumber: '5',
      appAttestEnvironment: null,
    });
  });

  it('sweeps what a crash left behind, and keeps every stored build', async () => {
    const kept = await storedFiles();
    const folder = join(service.config.dataDir, 'builds');
    await mkdir(join(folder, 'incoming'), { recursive: true });
    await writeFile(join(folder, 'incoming', 'crashed.part'), 'partial');
    await writeFile(join(folder, 'orphan.apk'), 'renamed, never committed');
    const sweeper = service.app.get(BuildSweeper);

    expect(await sweeper.sweep(new Date())).toBe(0);
    const later = new Date(Date.now() + LEFTOVER_AGE_MS + 60_000);
    expect(await sweeper.sweep(later)).toBe(2);
    expect(await storedFiles()).toEqual(kept);
  });

  it('takes only a raw file body', async () => {
    const res = await developer
      .post(`/v1/apps/${androidApp}/builds?fileName=x.apk`, { file: 'AAAA' })
      .expect(415);
    expect(res.body.error).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.message).toMatch(/application\/octet-stream/);

    const text = await developer
      .post(`/v1/apps/${androidApp}/builds?fileName=x.apk`)
      .set('Content-Type', 'text/plain')
      .send('AAAA')
      .expect(415);
    expect(text.body.error).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(text.body.message).toBe('request body must be application/octet-stream');
  });
});
