import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSidecar, TESSERA_HEADER_NAMES, type RunningSidecar } from '../src/index.js';
import { nginxTestConfig } from './nginx-config.js';
import {
  CountingUpstream,
  freePort,
  requireExecutable,
  startProcess,
  stopProcess,
  waitForPort,
} from './processes.js';
import { DEPLOYMENT, Fixture } from './support.js';

/**
 * A real nginx (Debian's package) in front of the sidecar: what it admits reaches the
 * upstream with the facts, what it refuses never does. Fails, never skips, without nginx.
 */
describe('sidecar behind a real nginx auth_request', () => {
  const fixture = new Fixture();
  const upstream = new CountingUpstream();
  let dir: string | undefined;
  let sidecar: RunningSidecar;
  let nginx: ChildProcess | undefined;
  let origin: string;
  let nginxErrors = '';

  beforeAll(async () => {
    const binary = requireExecutable('nginx', 'apt-get install -y nginx (.ci/run installs it)');
    dir = mkdtempSync(join(tmpdir(), 'tessera-nginx-'));
    chmodSync(dir, 0o755); // worker processes run as an unprivileged user when started as root
    await upstream.start();
    const listenPort = await freePort();
    origin = `http://127.0.0.1:${listenPort}`;
    sidecar = await startSidecar(fixture.config({ TESSERA_PUBLIC_ORIGIN: origin }), {
      log: () => undefined,
    });
    const conf = join(dir, 'nginx.conf');
    writeFileSync(
      conf,
      nginxTestConfig({
        dir,
        listenPort,
        sidecarPort: Number(new URL(sidecar.url).port),
        upstreamPort: upstream.port,
      }),
    );
    nginx = startProcess(binary, ['-p', dir, '-c', conf, '-g', 'daemon off;']);
    nginx.stderr?.on('data', (chunk: Buffer) => (nginxErrors += chunk.toString()));
    await waitForPort(listenPort, nginx).catch((error: Error) => {
      throw new Error(`${error.message}; nginx said: ${nginxErrors}`);
    });
  });

  afterAll(async () => {
    await stopProcess(nginx);
    await sidecar?.stop();
    await upstream.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  async function call(path: string, headers: Record<string, string>, method = 'GET') {
    const res = await fetch(`${origin}${path}`, { method, headers });
    return {
      status: res.status,
      error: res.headers.get('x-tessera-error'),
      body: await res.text(),
    };
  }

  it('passes an admitted request to the upstream with the verified facts', async () => {
    const before = upstream.received.length;
    const path = '/api/records?since=2026-12-01';
    const credentials = await fixture.credentials('GET', `${origin}${path}`);

    const res = await call(path, credentials);

    expect(res.status).toBe(200);
    expect(upstream.received).toHaveLength(before + 1);
    const headers = upstream.received.at(-1)!;
    expect(headers['x-tessera-installation']).toBe('inst-42');
    expect(headers['x-tessera-app']).toBe('app-field');
    expect(headers['x-tessera-platform']).toBe('android');
    expect(headers['x-tessera-package']).toBe('com.vendor.field');
    expect(headers['x-tessera-expires']).toMatch(/^\d{4}-\d\d-\d\dT/);
    // An Android app has no bundle id, team or environment; nothing else stands in for them.
    expect(headers['x-tessera-bundle-id']).toBeUndefined();
    expect(headers['x-tessera-team-id']).toBeUndefined();
    expect(headers['x-tessera-error']).toBeUndefined();
  });

  it.each(TESSERA_HEADER_NAMES)(
    'refuses a client that sends %s itself, with valid credentials, and passes nothing on',
    async (name) => {
      const before = upstream.received.length;
      const credentials = await fixture.credentials('GET', `${origin}/api/records`);

      const res = await call('/api/records', { ...credentials, [name]: 'forged' });

      expect(res).toMatchObject({ status: 401, error: 'TESSERA_HEADER_FROM_CLIENT' });
      expect(upstream.received).toHaveLength(before);
    },
  );

  it('drops an underscore spelling of a fact before it reaches the sidecar or the upstream', async () => {
    const before = upstream.received.length;
    const credentials = await fixture.credentials('GET', `${origin}/api/records`);

    const res = await call('/api/records', { ...credentials, X_Tessera_Team_Id: 'forged' });

    // nginx's default (underscores_in_headers off) discards the header; keep it that way.
    expect(res.status).toBe(200);
    expect(Object.values(upstream.received.at(-1)!)).not.toContain('forged');
    expect(upstream.received).toHaveLength(before + 1);
  });

  it('admits a POST bound to its own method and URL', async () => {
    const before = upstream.received.length;
    const credentials = await fixture.credentials('POST', `${origin}/api/records`);

    const res = await call('/api/records', credentials, 'POST');

    expect(res.status).toBe(200);
    expect(upstream.received).toHaveLength(before + 1);
  });

  describe('refusals never reach the upstream', () => {
    let before: number;
    beforeEach(() => (before = upstream.received.length));
    afterEach(() => expect(upstream.received).toHaveLength(before));

    it('no token: 401 TOKEN_MISSING', async () => {
      const res = await call('/api/records', {});

      expect(res).toMatchObject({ status: 401, error: 'TOKEN_MISSING' });
      expect(JSON.parse(res.body)).toEqual({ error: 'TOKEN_MISSING' });
    });

    it('a copied token without its proof: 401 PROOF_MISSING', async () => {
      const token = await fixture.token();

      const res = await call('/api/records', { authorization: `DPoP ${token}` });

      expect(res).toMatchObject({ status: 401, error: 'PROOF_MISSING' });
    });

    it('a copied token with a proof by another key: 401 PROOF_KEY_MISMATCH', async () => {
      const thief = new Fixture();
      const token = await fixture.token();
      const proof = await thief.proof('GET', `${origin}/api/records`, token);

      const res = await call('/api/records', { authorization: `DPoP ${token}`, dpop: proof });

      expect(res).toMatchObject({ status: 401, error: 'PROOF_KEY_MISMATCH' });
    });

    it('a replayed proof: 401 PROOF_REPLAYED, after the first use got through', async () => {
      const credentials = await fixture.credentials('GET', `${origin}/api/records`);
      expect((await call('/api/records', credentials)).status).toBe(200);
      before += 1;

      const res = await call('/api/records', credentials);

      expect(res).toMatchObject({ status: 401, error: 'PROOF_REPLAYED' });
    });

    it('a token for another deployment: 401 TOKEN_AUDIENCE_INVALID', async () => {
      const token = await fixture.token(['plant-9']);
      expect(DEPLOYMENT).not.toBe('plant-9');
      const credentials = await fixture.credentials('GET', `${origin}/api/records`, token);

      const res = await call('/api/records', credentials);

      expect(res).toMatchObject({ status: 401, error: 'TOKEN_AUDIENCE_INVALID' });
    });

    it('a proof for another path: 401 PROOF_URL_MISMATCH', async () => {
      const credentials = await fixture.credentials('GET', `${origin}/api/other`);

      const res = await call('/api/records', credentials);

      expect(res).toMatchObject({ status: 401, error: 'PROOF_URL_MISMATCH' });
    });
  });

  // Last: it stops the sidecar.
  it('answers 503 SIDECAR_UNAVAILABLE, never 500 and never the upstream, when the sidecar is down', async () => {
    const before = upstream.received.length;
    const credentials = await fixture.credentials('GET', `${origin}/api/records`);
    await sidecar.stop();

    const res = await call('/api/records', credentials);

    expect(res).toMatchObject({ status: 503, error: 'SIDECAR_UNAVAILABLE' });
    expect(JSON.parse(res.body)).toEqual({ error: 'SIDECAR_UNAVAILABLE' });
    expect(upstream.received).toHaveLength(before);
  });
});
