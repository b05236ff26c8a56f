import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';

import { generateRootKey, type SigningKey } from '../../../libs/tokens/src/index.js';
import {
  BundleRefusedError,
  ERROR_HEADER,
  loadSidecarConfig,
  startSidecar,
  type RunningSidecar,
} from '../src/index.js';
import { nginxCheckHeaders, Site, tampered, Vendor } from './bundle-site.js';
import { Fixture, parsedLines } from './support.js';

const PATH = '/api/records';

/** Starts a sidecar on the site's files; resolves with the refusal when it does not start. */
async function refusalAtStart(site: Site, extra: Record<string, string> = {}) {
  const started = startSidecar(loadSidecarConfig(site.env(extra)), { log: () => undefined });
  const error: unknown = await started.then(
    async (sidecar) => {
      await sidecar.stop();
      return undefined;
    },
    (reason: unknown) => reason,
  );
  if (!(error instanceof BundleRefusedError)) {
    throw new Error(`expected a BundleRefusedError, got ${String(error)}`);
  }
  return { code: error.code, message: error.message };
}

describe('sidecar keys from a trust bundle file, reloaded in place', () => {
  const vendor = new Vendor();
  const site = new Site(vendor);
  const fixture = new Fixture();
  const logs: string[] = [];
  let sidecar: RunningSidecar;

  beforeAll(async () => {
    site.put(vendor.bundle(1, [vendor.keyA]));
    sidecar = await startSidecar(loadSidecarConfig(site.env()), {
      log: (line) => logs.push(line),
    });
  });

  afterAll(async () => {
    await sidecar.stop();
    site.remove();
  });

  async function check(key: SigningKey): Promise<Response> {
    const headers = await nginxCheckHeaders(fixture, key, PATH);
    return fetch(`${sidecar.url}/nginx`, { headers });
  }

  /** Reloads as SIGHUP does (sighup.e2e.spec.ts sends the real signal) and returns the log line. */
  function reload(): Record<string, unknown> {
    const before = logs.length;
    sidecar.reloadTrust();
    const lines = parsedLines(logs.slice(before));
    expect(lines).toHaveLength(1);
    return lines[0] as Record<string, unknown>;
  }

  it('starts on the bundle, admits its key and refuses a key it does not list', async () => {
    expect(parsedLines(logs)[0]).toMatchObject({
      event: 'sidecar_started',
      keySource: 'TESSERA_TRUST_BUNDLE_FILE',
      bundleVersion: 1,
      keys: 1,
    });
    expect(site.highestVersion()).toBe(1);

    expect((await check(vendor.keyA)).status).toBe(200);
    const refused = await check(vendor.keyB);
    expect(refused.status).toBe(401);
    expect(refused.headers.get(ERROR_HEADER)).toBe('TOKEN_KEY_UNKNOWN');
  });

  it('takes a bundle carried in later, without a restart', async () => {
    site.put(vendor.bundle(2, [vendor.keyA, vendor.keyB]));

    expect(reload()).toMatchObject({ event: 'trust_bundle_loaded', bundleVersion: 2 });
    expect((await check(vendor.keyB)).status).toBe(200);
    expect(site.highestVersion()).toBe(2);
  });

  it('refuses a rolled-back bundle on reload and keeps the newer one', async () => {
    site.put(vendor.bundle(1, [vendor.keyA]));

    expect(reload()).toMatchObject({
      level: 'error',
      event: 'trust_bundle_refused',
      code: 'BUNDLE_VERSION_ROLLBACK',
      keptVersion: 2,
    });
    expect((await check(vendor.keyB)).status).toBe(200);
    expect(site.highestVersion()).toBe(2);
  });

  it.each([
    [
      'signed by another root',
      () => vendor.bundle(3, [vendor.keyA], 30, generateRootKey()),
      'BUNDLE_ROOT_UNKNOWN',
    ],
    ['expired', () => vendor.bundle(3, [vendor.keyA], -0.5), 'BUNDLE_EXPIRED'],
    [
      'altered after signing',
      () => tampered(vendor.bundle(3, [vendor.keyA])),
      'BUNDLE_SIGNATURE_INVALID',
    ],
    ['not a bundle', () => '{"keys":[]}', 'BUNDLE_MALFORMED'],
  ])('keeps the bundle in use when the new one is %s', async (_name, make, code) => {
    site.put(make());

    expect(reload()).toMatchObject({ event: 'trust_bundle_refused', code, keptVersion: 2 });
    expect((await check(vendor.keyB)).status).toBe(200);
    expect(site.highestVersion()).toBe(2);
  });

  it('keeps the bundle in use when the file is gone', async () => {
    unlinkSync(site.bundleFile);

    expect(reload()).toMatchObject({ code: 'BUNDLE_FILE_UNREADABLE', keptVersion: 2 });
    expect((await check(vendor.keyB)).status).toBe(200);
  });

  it.each([
    ['a named pipe with no writer', (path: string) => execFileSync('mkfifo', [path])],
    ['a link to /dev/zero', (path: string) => symlinkSync('/dev/zero', path)],
    ['a folder', (path: string) => mkdirSync(path)],
  ])('refuses at once, never waiting, when the bundle path is %s', async (_name, make) => {
    rmSync(site.bundleFile, { recursive: true, force: true });
    make(site.bundleFile);

    const started = Date.now();
    const line = reload();

    expect(Date.now() - started).toBeLessThan(1000);
    expect(line).toMatchObject({ code: 'BUNDLE_FILE_UNREADABLE', keptVersion: 2 });
    expect(String(line.error)).toMatch(/not a regular file|EISDIR/);
    expect((await check(vendor.keyB)).status).toBe(200);
    rmSync(site.bundleFile, { recursive: true, force: true });
  });

  it('refuses a state file it cannot read, with its code, and keeps the bundle in use', async () => {
    site.put(vendor.bundle(3, [vendor.keyA, vendor.keyB]));
    const saved = readFileSync(site.stateFile);
    rmSync(site.stateFile);
    execFileSync('mkfifo', [site.stateFile]);

    expect(reload()).toMatchObject({ code: 'TRUST_STATE_INVALID', keptVersion: 2 });
    expect((await check(vendor.keyB)).status).toBe(200);
    rmSync(site.stateFile);
    writeFileSync(site.stateFile, saved);
  });

  it('still refuses a rolled-back bundle when the state file was deleted while running', () => {
    rmSync(site.stateFile);
    site.put(vendor.bundle(1, [vendor.keyA]));

    expect(reload()).toMatchObject({ code: 'BUNDLE_VERSION_ROLLBACK', keptVersion: 2 });

    site.put(vendor.bundle(3, [vendor.keyA, vendor.keyB]));
    expect(reload()).toMatchObject({ event: 'trust_bundle_loaded', bundleVersion: 3 });
    expect(site.highestVersion()).toBe(3);
  });
});

describe('two sidecars sharing one bundle file and one state file', () => {
  const vendor = new Vendor();
  const site = new Site(vendor);
  const running: RunningSidecar[] = [];

  afterAll(async () => {
    for (const sidecar of running) await sidecar.stop();
    site.remove();
  });

  it('never lets the one that lags write an older state over the newer one', async () => {
    site.put(vendor.bundle(1, [vendor.keyA]));
    for (let i = 0; i < 2; i++) {
      running.push(await startSidecar(loadSidecarConfig(site.env()), { log: () => undefined }));
    }
    const [ahead, lagging] = running as [RunningSidecar, RunningSidecar];
    site.put(vendor.bundle(2, [vendor.keyA, vendor.keyB]));
    expect(ahead.reloadTrust()).toBe(true);
    expect(site.highestVersion()).toBe(2);

    // Someone puts version 1 back; the sidecar still holding 1 reloads.
    site.put(vendor.bundle(1, [vendor.keyA]));
    expect(lagging.reloadTrust()).toBe(false);

    expect(site.highestVersion()).toBe(2);
  });
});

describe('sidecar refusing to start on a trust bundle', () => {
  const vendor = new Vendor();
  let site: Site;

  beforeEach(() => {
    site = new Site(vendor);
  });
  afterEach(() => site.remove());

  it('refuses an expired bundle, naming the check', async () => {
    site.put(vendor.bundle(1, [vendor.keyA], -0.5));

    const refusal = await refusalAtStart(site);

    expect(refusal.code).toBe('BUNDLE_EXPIRED');
    expect(refusal.message).toContain('BUNDLE_EXPIRED');
  });

  it('refuses a bundle signed by another root, or altered', async () => {
    site.put(vendor.bundle(1, [vendor.keyA], 30, generateRootKey()));
    expect((await refusalAtStart(site)).code).toBe('BUNDLE_ROOT_UNKNOWN');

    site.put(tampered(vendor.bundle(1, [vendor.keyA])));
    expect((await refusalAtStart(site)).code).toBe('BUNDLE_SIGNATURE_INVALID');
  });

  it('refuses a bundle older than the state file records', async () => {
    site.put(vendor.bundle(2, [vendor.keyA]));
    const first = await startSidecar(loadSidecarConfig(site.env()), { log: () => undefined });
    await first.stop();
    site.put(vendor.bundle(1, [vendor.keyA]));

    expect((await refusalAtStart(site)).code).toBe('BUNDLE_VERSION_ROLLBACK');
    expect(site.highestVersion()).toBe(2);
  });

  it('refuses a bundle of another issuer than TESSERA_ISSUER and records nothing', async () => {
    site.put(vendor.bundle(1, [vendor.keyA]));

    const refusal = await refusalAtStart(site, { TESSERA_ISSUER: 'https://other.example' });

    expect(refusal.code).toBe('BUNDLE_ISSUER_MISMATCH');
    expect(() => readFileSync(site.stateFile)).toThrow();
  });

  it('refuses a state path that is not a regular file, without waiting on it', async () => {
    site.put(vendor.bundle(1, [vendor.keyA]));
    symlinkSync('/dev/zero', site.stateFile);

    expect((await refusalAtStart(site)).code).toBe('TRUST_STATE_INVALID');
  });

  it('refuses a corrupt state file rather than forget the versions it held', async () => {
    site.put(vendor.bundle(1, [vendor.keyA]));
    writeFileSync(site.stateFile, '{"format":1}');

    expect((await refusalAtStart(site)).code).toBe('TRUST_STATE_INVALID');
  });
});
