import { request } from 'node:http';

import {
  ENVOY_PATH_PREFIX,
  ERROR_HEADER,
  startSidecar,
  type RunningSidecar,
} from '../src/index.js';
import { DEPLOYMENT, Fixture, ORIGIN, parsedLines } from './support.js';

const ENVOY_ORIGIN = 'http://envoy.plant7.example:8443';
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
        'x-forwarded-uri': PATH,
        ...(await fixture.credentials('POST', `${ORIGIN}${PATH}`)),
      },
    });

    expect(res.status).toBe(200);
    expect(res.headers.get('x-tessera-app')).toBe('app-field');
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
    ['x-original-uri', 'https://api.plant7.example/api/records'],
    ['x-original-method', 'get'],
    ['x-original-method', undefined],
  ])('refuses when the proxy forwards %s as %p', async (name, value) => {
    const credentials = await fixture.credentials('GET', `${ORIGIN}${PATH}`);
    const headers: Record<string, string> = {
      'x-original-method': 'GET',
      'x-original-uri': PATH,
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

describe('sidecar answering on several origins', () => {
  const fixture = new Fixture();
  let sidecar: RunningSidecar;

  beforeAll(async () => {
    sidecar = await startSidecar(
      fixture.config({ TESSERA_PUBLIC_ORIGIN: `${ORIGIN}, ${ENVOY_ORIGIN}` }),
      { log: () => undefined },
    );
  });

  afterAll(() => sidecar.stop());

  /** An Envoy check: fetch cannot set Host, node:http can, as Envoy does. */
  function envoyCheck(method: string, host: string, headers: Record<string, string>) {
    return new Promise<{ status?: number; error?: string | string[] }>((resolve, reject) => {
      const req = request(`${sidecar.url}${ENVOY_PATH_PREFIX}${PATH}`, {
        method,
        headers: { host, ...headers },
      });
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode, error: res.headers['x-tessera-error'] });
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('admits an Envoy check: original method, path after the prefix, origin chosen by Host', async () => {
    const credentials = await fixture.credentials('DELETE', `${ENVOY_ORIGIN}${PATH}`);

    const res = await envoyCheck('DELETE', 'envoy.plant7.example:8443', credentials);

    expect(res.status).toBe(200);
  });

  it('refuses a host it does not answer on, whatever the proof names', async () => {
    const url = `http://attacker.example${PATH}`;
    const credentials = await fixture.credentials('GET', url);

    const res = await envoyCheck('GET', 'attacker.example', credentials);

    expect(res).toEqual({ status: 401, error: 'PROOF_URL_MISMATCH' });
  });

  it('ignores the Host of a proof made for one origin and sent to another', async () => {
    const credentials = await fixture.credentials('GET', `${ORIGIN}${PATH}`);

    const res = await envoyCheck('GET', 'envoy.plant7.example:8443', credentials);

    expect(res).toEqual({ status: 401, error: 'PROOF_URL_MISMATCH' });
  });
});

describe('sidecar with one public origin', () => {
  const fixture = new Fixture();
  let sidecar: RunningSidecar;

  beforeAll(async () => {
    sidecar = await startSidecar(fixture.config(), { log: () => undefined });
  });

  afterAll(() => sidecar.stop());

  it('never lets a forwarded host turn a proof for another server into one for this one', async () => {
    const credentials = await fixture.credentials('GET', `http://attacker.example${PATH}`);

    const res = await fetch(`${sidecar.url}/nginx`, {
      headers: {
        'x-original-method': 'GET',
        'x-original-uri': PATH,
        'x-forwarded-host': 'attacker.example',
        ...credentials,
      },
    });

    expect(res.headers.get(ERROR_HEADER)).toBe('PROOF_URL_MISMATCH');
  });
});
