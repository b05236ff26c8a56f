import { loadSidecarConfig } from '../src/index.js';

const JWKS = JSON.stringify({
  keys: [
    { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'k1' },
  ],
});
const BASE = {
  TESSERA_ISSUER: 'https://tessera.test',
  TESSERA_DEPLOYMENT: 'plant-7',
  TESSERA_PUBLIC_ORIGIN: 'https://api.plant7.example',
};

describe('loadSidecarConfig', () => {
  it('reads the keys from a file and applies defaults', () => {
    const config = loadSidecarConfig(
      { ...BASE, TESSERA_JWKS_FILE: '/etc/tessera/jwks.json' },
      (path) => {
        expect(path).toBe('/etc/tessera/jwks.json');
        return JWKS;
      },
    );

    expect(config).toMatchObject({
      issuer: 'https://tessera.test',
      deployment: 'plant-7',
      host: '127.0.0.1',
      port: 8181,
      maxHeaderBytes: 16384,
      publicOrigins: ['https://api.plant7.example'],
      trust: { kind: 'jwks', origin: 'TESSERA_JWKS_FILE' },
    });
    expect(config.trust.keys).toHaveLength(1);
    expect(config.redisUrl).toBeUndefined();
  });

  it.each([
    [{}, 'TESSERA_ISSUER must be set'],
    [{ ...BASE }, 'exactly one of TESSERA_JWKS_FILE and TESSERA_JWKS'],
    [{ ...BASE, TESSERA_JWKS: JWKS, TESSERA_JWKS_FILE: '/x' }, 'exactly one of'],
    [{ ...BASE, TESSERA_JWKS: '{"keys":[]}' }, '"keys" array of 1 to 32'],
    [{ ...BASE, TESSERA_JWKS: 'not json' }, 'must be a JSON Web Key Set'],
    [{ ...BASE, TESSERA_JWKS: JWKS, PORT: '80x' }, 'PORT must be an integer'],
    [{ ...BASE, TESSERA_JWKS: JWKS, PORT: '70000' }, 'PORT must be an integer'],
    [
      { ...BASE, TESSERA_JWKS: JWKS, TESSERA_PUBLIC_ORIGIN: '' },
      'TESSERA_PUBLIC_ORIGIN must be set',
    ],
    [{ ...BASE, TESSERA_JWKS: JWKS, TESSERA_PUBLIC_ORIGIN: 'https://a.example/x' }, 'bare'],
    [{ ...BASE, TESSERA_JWKS: JWKS, TESSERA_PUBLIC_ORIGIN: 'https://a.example,' }, 'absolute URL'],
    [
      { ...BASE, TESSERA_JWKS: JWKS, TESSERA_PUBLIC_ORIGIN: 'https://a.ex,https://a.ex' },
      'distinct',
    ],
    [{ ...BASE, TESSERA_JWKS: JWKS, TESSERA_REDIS_URL: 'http://redis' }, 'redis:// or'],
    [{ ...BASE, TESSERA_JWKS: JWKS, TESSERA_MAX_HEADER_BYTES: '100' }, 'MAX_HEADER_BYTES'],
    [{ ...BASE, TESSERA_JWKS: JWKS, TESSERA_PROOF_MAX_AGE_SECONDS: '0' }, 'PROOF_MAX_AGE'],
  ])('refuses %p', (env, message) => {
    expect(() => loadSidecarConfig(env)).toThrow(message);
  });

  it('takes the optional settings', () => {
    const config = loadSidecarConfig({
      ...BASE,
      TESSERA_JWKS: JWKS,
      TESSERA_PUBLIC_ORIGIN: 'https://api.plant7.example, http://10.0.0.7:8080',
      TESSERA_REDIS_URL: 'redis://127.0.0.1:6379/2',
      TESSERA_CLOCK_SKEW_SECONDS: '10',
      TESSERA_PROOF_MAX_AGE_SECONDS: '30',
    });

    expect(config).toMatchObject({
      publicOrigins: ['https://api.plant7.example', 'http://10.0.0.7:8080'],
      redisUrl: 'redis://127.0.0.1:6379/2',
      clockSkewSeconds: 10,
      proofMaxAgeSeconds: 30,
    });
  });
});
