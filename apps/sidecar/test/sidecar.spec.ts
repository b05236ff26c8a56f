import { request } from 'node:http';

import {
  ENVOY_PATH_PREFIX,
  ERROR_HEADER,
  startSidecar,
  type RunningSidecar,
} from '../src/index.js';
import { DEPLOYMENT, Fixture, parsedLines } from './support.js';

const ORIGIN = 'https://api.plant7.example';
const PATH = '/api/records?page=2';

describe('sidecar over HTTP, one route per proxy', () => {
  const fixture = new Fixture();
  const logs: string[] = [];
  let sidecar: RunningSidecar;

  beforeAll(async () => {
    sidecar = await startSidecar(fixture.config(), { log: (line) => logs.push(line) });
  });

  afterAll(() => sidecar.stop());

  function nginx(method: string, headers: Record<string, string>): Promise<Response> {
    return fetch(`${sidecar.url}/nginx`, {
      headers: {
        'x-original-method': method,
        'x-original-uri': PATH,
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'api.plant7.example',
        ...headers,
      },
    });
  }

  it('admits through nginx headers and answers the facts as headers', async () => {
    const res = await nginx('GET', await fixture.credentials('GET', `${ORIGIN}${PATH}`));

    expect(res.status).toBe(200);
    expect(res.headers.get('x-tessera-installation')).toBe('inst-42');
    expect(res.headers.get('x-tessera-app')).toBe('app-field');
    expect(res.headers.get('x-tessera-platform')).toBe('android');
    expect(res.headers.get('x-tessera-package')).toBe('com.vendor.field');
    expect(res.headers.get('x-tessera-version')).toBe('3.1.0');
    expect(res.headers.get('x-tessera-key-thumbprint')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('admits through Traefik ForwardAuth headers', async () => {
    const res = await fetch(`${sidecar.url}/traefik`, {
      headers: {
        'x-forwarded-method': 'POST',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'api.plant7.example',
        'x-forwarded-uri': PATH,
        ...(await fixture.credentials('POST', `${ORIGIN}${PATH}`)),
      },
    });

    expect(res.status).toBe(200);
    expect(res.headers.get('x-tessera-app')).toBe('app-field');
  });

  it('admits an Envoy ext_authz check: original method, prefixed path, Host', async () => {
    const url = `http://envoy.plant7.example:8443${PATH}`;
    // fetch cannot set Host; node:http can, as Envoy does.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      fixture
        .credentials('DELETE', url)
        .then((credentials) => {
          const req = request(`${sidecar.url}${ENVOY_PATH_PREFIX}${PATH}`, {
            method: 'DELETE',
            headers: {
              host: 'envoy.plant7.example:8443',
              'x-forwarded-proto': 'http',
              ...credentials,
            },
          });
          req.on('response', (res) => {
            res.resume();
            resolve(res.statusCode);
          });
          req.on('error', reject);
          req.end();
        })
        .catch(reject);
    });

    expect(status).toBe(200);
  });

  it.each([
    ['no token', {}, 'TOKEN_MISSING'],
    ['a token without a proof', 'no-proof', 'PROOF_MISSING'],
    ['a token for another deployment', 'other-audience', 'TOKEN_AUDIENCE_INVALID'],
    ['a proof for another method', 'other-method', 'PROOF_METHOD_MISMATCH'],
  ] as const)('refuses %s with 401 and the code', async (_name, variant, code) => {
    const token = await fixture.token(variant === 'other-audience' ? ['plant-9'] : [DEPLOYMENT]);
    const credentials =
      variant === 'no-proof'
        ? { authorization: `DPoP ${token}` }
        : typeof variant === 'string'
          ? await fixture.credentials(
              variant === 'other-method' ? 'POST' : 'GET',
              `${ORIGIN}${PATH}`,
              token,
            )
          : variant;
    const res = await nginx('GET', credentials);

    expect(res.status).toBe(401);
    expect(res.headers.get(ERROR_HEADER)).toBe(code);
    expect(res.headers.get('www-authenticate')).toMatch(/^DPoP /);
    expect(await res.json()).toMatchObject({ error: code });
  });

  it('refuses a proof replayed, and logs the refusal without the token', async () => {
    const token = await fixture.token();
    const credentials = await fixture.credentials('GET', `${ORIGIN}${PATH}`, token);
    expect((await nginx('GET', credentials)).status).toBe(200);

    const replay = await nginx('GET', credentials);

    expect(replay.status).toBe(401);
    expect(replay.headers.get(ERROR_HEADER)).toBe('PROOF_REPLAYED');
    const line = logs.find((l) => l.includes('PROOF_REPLAYED')) as string;
    expect(JSON.parse(line)).toMatchObject({
      event: 'tessera_refused',
      code: 'PROOF_REPLAYED',
      dialect: 'nginx',
      method: 'GET',
      path: '/api/records',
    });
    expect(logs.join('\n')).not.toContain(token.split('.')[2]);
  });

  it('refuses a proof made for another host the client could not have reached', async () => {
    const credentials = await fixture.credentials('GET', `https://elsewhere.example${PATH}`);
    const res = await nginx('GET', credentials);

    expect(res.status).toBe(401);
    expect(res.headers.get(ERROR_HEADER)).toBe('PROOF_URL_MISMATCH');
  });

  it.each([
    ['x-original-uri', undefined],
    ['x-original-uri', 'api/records'],
    ['x-original-method', 'get'],
    ['x-forwarded-proto', 'ftp'],
    ['x-forwarded-host', 'api.example/evil'],
  ])('refuses when the proxy forwards %s as %p', async (name, value) => {
    const credentials = await fixture.credentials('GET', `${ORIGIN}${PATH}`);
    const headers: Record<string, string> = {
      'x-original-method': 'GET',
      'x-original-uri': PATH,
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'api.plant7.example',
      ...credentials,
    };
    delete headers[name];
    if (value !== undefined) headers[name] = value;
    const res = await fetch(`${sidecar.url}/nginx`, { headers });

    expect(res.status).toBe(400);
    expect(res.headers.get(ERROR_HEADER)).toBe('FORWARDED_REQUEST_INVALID');
  });

  it('answers 431 to headers over the bound, before any parsing', async () => {
    const res = await nginx('GET', { 'x-padding': 'a'.repeat(20_000) });

    expect(res.status).toBe(431);
  });

  it('answers 404 outside its routes and 200 on /healthz', async () => {
    expect((await fetch(`${sidecar.url}/auth`)).status).toBe(404);
    expect((await fetch(`${sidecar.url}/healthz`)).status).toBe(200);
  });

  it('logs one line per refusal', () => {
    const refusals = parsedLines(logs).filter((l) => l.event === 'tessera_refused');
    expect(refusals.length).toBeGreaterThanOrEqual(10);
    for (const line of refusals) {
      expect(line).toEqual(
        expect.objectContaining({ code: expect.any(String), requestId: expect.any(String) }),
      );
    }
  });
});

describe('sidecar with a configured public origin', () => {
  const fixture = new Fixture();
  let sidecar: RunningSidecar;

  beforeAll(async () => {
    sidecar = await startSidecar(fixture.config({ TESSERA_PUBLIC_ORIGIN: ORIGIN }), {
      log: () => undefined,
    });
  });

  afterAll(() => sidecar.stop());

  it('checks the proof against the configured origin, ignoring forwarded host headers', async () => {
    const send = async (url: string) =>
      fetch(`${sidecar.url}/nginx`, {
        headers: {
          'x-original-method': 'GET',
          'x-original-uri': PATH,
          'x-forwarded-proto': 'http',
          'x-forwarded-host': 'attacker.example',
          ...(await fixture.credentials('GET', url)),
        },
      });

    expect((await send(`${ORIGIN}${PATH}`)).status).toBe(200);
    expect((await send(`http://attacker.example${PATH}`)).headers.get(ERROR_HEADER)).toBe(
      'PROOF_URL_MISMATCH',
    );
  });
});
