import { request } from 'node:http';

import {
  ENVOY_HEADERS_TO_REMOVE,
  ENVOY_PATH_PREFIX,
  startSidecar,
  TESSERA_HEADER_NAMES,
  type RunningSidecar,
} from '../src/index.js';
import { Fixture, ORIGIN } from './support.js';

/**
 * The check requests Traefik and Envoy send, header for header as their documentation gives
 * them; no Traefik or Envoy runs here (see forwarded-request.ts). Sent with node:http so that
 * Host, the method and the raw path are exactly what the proxy would put on the wire.
 */
const SECOND_ORIGIN = 'http://gw.plant7.example:8443';
const PATH = '/api/records';
const QUERY = '?page=2&sort=-date';

interface Answer {
  readonly status: number;
  readonly error: string | undefined;
  readonly app: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
}

describe('check requests as Traefik and Envoy send them', () => {
  const fixture = new Fixture();
  let sidecar: RunningSidecar;

  beforeAll(async () => {
    sidecar = await startSidecar(
      fixture.config({ TESSERA_PUBLIC_ORIGIN: `${ORIGIN}, ${SECOND_ORIGIN}` }),
      { log: () => undefined },
    );
  });
  afterAll(() => sidecar.stop());

  function send(method: string, path: string, headers: Record<string, string | string[]>) {
    return new Promise<Answer>((resolve, reject) => {
      const req = request(`${sidecar.url}${path}`, { method, headers });
      req.on('response', (res) => {
        res.resume();
        const header = (name: string) => res.headers[name] as string | undefined;
        resolve({
          status: res.statusCode ?? 0,
          error: header('x-tessera-error'),
          app: header('x-tessera-app'),
          headers: res.headers as Record<string, string>,
        });
      });
      req.on('error', reject);
      req.end();
    });
  }

  /**
   * Traefik ForwardAuth: a GET to the address, the client's headers copied, and X-Forwarded-
   * Method, -Proto, -Host, -Uri (path and query as the client sent them), -For, X-Real-Ip.
   */
  async function traefik(clientMethod: string, host: string, proofUrl: string, extra = {}) {
    return send('GET', '/traefik', {
      host: '127.0.0.1:8181',
      'user-agent': 'field-app/3.1.0',
      accept: 'application/json',
      ...(await fixture.credentials(clientMethod, proofUrl)),
      'x-forwarded-method': clientMethod,
      'x-forwarded-proto': new URL(proofUrl).protocol.slice(0, -1),
      'x-forwarded-host': host,
      'x-forwarded-uri': `${PATH}${QUERY}`,
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-port': '443',
      'x-forwarded-server': 'traefik-7d9f',
      'x-real-ip': '203.0.113.9',
      ...extra,
    });
  }

  /**
   * Envoy ext_authz (HTTP service): the client's method, path_prefix followed by the client's
   * path and query, Host the client's :authority, the allowed headers, and Envoy's own.
   */
  async function envoy(clientMethod: string, authority: string, proofUrl: string, extra = {}) {
    return send(clientMethod, `${ENVOY_PATH_PREFIX}${PATH}${QUERY}`, {
      host: authority,
      'content-length': '0',
      ...(await fixture.credentials(clientMethod, proofUrl)),
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '203.0.113.9',
      'x-request-id': '4b1e6a42-0c5b-4a4e-9a47-6c2a0f4f2a11',
      'x-envoy-expected-rq-timeout-ms': '200',
      'x-envoy-internal': 'true',
      ...extra,
    });
  }

  it('Traefik: admits with X-Forwarded-Uri carrying the query; X-Forwarded-Host picks the origin', async () => {
    expect(await traefik('PUT', 'api.plant7.example', `${ORIGIN}${PATH}${QUERY}`)).toMatchObject({
      status: 200,
      app: 'app-field',
    });
    expect(await traefik('GET', 'gw.plant7.example:8443', `${SECOND_ORIGIN}${PATH}`)).toMatchObject(
      { status: 200 },
    );
  });

  it('Traefik: refuses a proof for another path, host or method than the forwarded ones', async () => {
    const other = await traefik('GET', 'api.plant7.example', `${ORIGIN}/api/other`);
    const elsewhere = await traefik('GET', 'evil.example', `https://evil.example${PATH}`);
    const method = await traefik('GET', 'api.plant7.example', `${ORIGIN}${PATH}`, {
      'x-forwarded-method': 'DELETE',
    });

    expect([other.error, elsewhere.error, method.error]).toEqual([
      'PROOF_URL_MISMATCH',
      'PROOF_URL_MISMATCH',
      'PROOF_METHOD_MISMATCH',
    ]);
  });

  it('Traefik: refuses a repeated X-Forwarded-Uri or an absolute one as a proxy error', async () => {
    const url = `${ORIGIN}${PATH}`;
    const repeated = await traefik('GET', 'api.plant7.example', url, {
      'x-forwarded-uri': [PATH, '/admin'],
    });
    const absolute = await traefik('GET', 'api.plant7.example', url, {
      'x-forwarded-uri': `${ORIGIN}${PATH}`,
    });

    expect([repeated.status, absolute.status]).toEqual([400, 400]);
    expect(repeated.error).toBe('FORWARDED_REQUEST_INVALID');
  });

  it('Envoy: admits the method and the path after path_prefix, query included; Host picks the origin', async () => {
    const admitted = await envoy('POST', 'gw.plant7.example:8443', `${SECOND_ORIGIN}${PATH}`);

    expect(admitted).toMatchObject({ status: 200, app: 'app-field' });
  });

  it('Envoy: asks Envoy to remove every Tessera header it has no fact for', async () => {
    const answer = await envoy('GET', 'api.plant7.example', `${ORIGIN}${PATH}${QUERY}`);

    // Envoy with allowed_upstream_headers matching the x-tessera- prefix sets each returned
    // x-tessera- header on the upstream request, then removes those listed in
    // x-envoy-auth-headers-to-remove: between them, every Tessera header is the sidecar's.
    const removed = (answer.headers[ENVOY_HEADERS_TO_REMOVE] ?? '').split(', ');
    const set = TESSERA_HEADER_NAMES.filter((name) => answer.headers[name.toLowerCase()]);
    expect(answer.status).toBe(200);
    expect(removed).toEqual([
      'X-Tessera-Bundle-Id',
      'X-Tessera-Team-Id',
      'X-Tessera-Environment',
      'X-Tessera-Error',
    ]);
    expect([...set, ...removed].sort()).toEqual([...TESSERA_HEADER_NAMES].sort());
  });

  it.each([
    'X-Tessera-App',
    'x-tessera-team-id',
    'X_Tessera_Team_Id',
    'X.Tessera.App',
    'x~tessera~version',
  ])('refuses a check carrying %s from the client, under Traefik and Envoy alike', async (name) => {
    const url = `${ORIGIN}${PATH}${QUERY}`;
    const viaTraefik = await traefik('GET', 'api.plant7.example', url, { [name]: 'forged' });
    const viaEnvoy = await envoy('GET', 'api.plant7.example', url, { [name]: 'forged' });

    for (const answer of [viaTraefik, viaEnvoy]) {
      expect(answer).toMatchObject({ status: 401, error: 'TESSERA_HEADER_FROM_CLIENT' });
      expect(answer.app).toBeUndefined();
    }
  });

  it('Traefik: no Envoy removal list, since Traefik replaces the headers it is told to copy', async () => {
    const answer = await traefik('GET', 'api.plant7.example', `${ORIGIN}${PATH}${QUERY}`);

    expect(answer.status).toBe(200);
    expect(answer.headers[ENVOY_HEADERS_TO_REMOVE]).toBeUndefined();
  });

  it('Envoy: never reads x-envoy-original-path, which a route rewrite sets and a client can send', async () => {
    const url = `${ORIGIN}${PATH}`;
    const ignored = await envoy('GET', 'api.plant7.example', url, {
      'x-envoy-original-path': '/admin/export',
    });
    const forged = await envoy('GET', 'api.plant7.example', `${ORIGIN}/admin/export`, {
      'x-envoy-original-path': '/admin/export',
    });

    expect(ignored.status).toBe(200);
    expect(forged).toMatchObject({ status: 401, error: 'PROOF_URL_MISMATCH' });
  });

  it('Envoy: a check outside path_prefix is not a check', async () => {
    const res = await send('GET', `${PATH}${QUERY}`, { host: 'api.plant7.example' });

    expect(res.status).toBe(404);
  });

  it('names the failed check in X-Tessera-Error for both', async () => {
    const noProof = { dpop: '' };
    const traefikRefusal = await traefik('GET', 'api.plant7.example', `${ORIGIN}${PATH}`, noProof);
    const envoyRefusal = await envoy('GET', 'api.plant7.example', `${ORIGIN}${PATH}`, noProof);

    expect(traefikRefusal.status).toBe(401);
    expect(envoyRefusal.status).toBe(401);
    expect(traefikRefusal.error).toBe(envoyRefusal.error);
    expect(traefikRefusal.error).toMatch(/^PROOF_/);
  });
});
