import { generateKeyPairSync } from 'node:crypto';

import { loadSidecarConfig } from '../src/index.js';

const JWKS = JSON.stringify({
  keys: [
    { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'k1' },
  ],
});
const ROOT = generateKeyPairSync('ed25519');
const ROOT_PEM = ROOT.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const ROOT_PRIVATE_PEM = ROOT.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const ROOT_PRIVATE_JWK = JSON.stringify(ROOT.privateKey.export({ format: 'jwk' }));
const P256_PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
  type: 'spki',
  format: 'pem',
}) as string;
const BASE = {
  TESSERA_ISSUER: 'https://tessera.test',
  TESSERA_DEPLOYMENT: 'plant-7',
  TESSERA_PUBLIC_ORIGIN: 'https://api.plant7.example',
};

const BUNDLE = {
  ...BASE,
  TESSERA_TRUST_BUNDLE_FILE: '/etc/tessera/bundle.json',
  TESSERA_ROOT_PUBLIC_KEY: ROOT_PEM,
  TESSERA_TRUST_STATE_FILE: '/var/lib/tessera/trust-state.json',
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
    expect(config.trust.kind === 'jwks' && config.trust.keys).toHaveLength(1);
    expect(config.redisUrl).toBeUndefined();
  });

  it.each([
    [{}, 'set exactly one of'],
    [{ ...BASE, TESSERA_ISSUER: '', TESSERA_JWKS: JWKS }, 'TESSERA_ISSUER must be set'],
    [{ ...BASE }, 'exactly one of TESSERA_JWKS_FILE, TESSERA_JWKS, TESSERA_TRUST_BUNDLE_FILE'],
    [{ ...BASE, TESSERA_JWKS: JWKS, TESSERA_TRUST_BUNDLE_FILE: '/b.json' }, 'exactly one of'],
    [{ ...BASE, TESSERA_TRUST_BUNDLE_FILE: '/b.json' }, 'needs TESSERA_ROOT_PUBLIC_KEY'],
    [
      { ...BASE, TESSERA_TRUST_BUNDLE_FILE: '/b.json', TESSERA_ROOT_PUBLIC_KEY: ROOT_PEM },
      'needs TESSERA_TRUST_STATE_FILE',
    ],
    [{ ...BUNDLE, TESSERA_ROOT_PUBLIC_KEY: ROOT_PRIVATE_PEM }, 'must be an Ed25519 public key'],
    [{ ...BUNDLE, TESSERA_ROOT_PUBLIC_KEY: P256_PEM }, 'must be an Ed25519 public key'],
    [{ ...BUNDLE, TESSERA_ROOT_PUBLIC_KEY: ROOT_PRIVATE_JWK }, 'must be an Ed25519 public key'],
    [{ ...BUNDLE, TESSERA_ROOT_PUBLIC_KEY: 'root.pub.pem' }, 'must be an Ed25519 public key'],
    [{ ...BASE, TESSERA_JWKS: JWKS, TESSERA_ROOT_PUBLIC_KEY: ROOT_PEM }, 'apply only with'],
    [{ ...BASE, TESSERA_JWKS: JWKS, TESSERA_TRUST_STATE_FILE: '/s.json' }, 'apply only with'],
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

  it('reads a trust bundle source; the issuer then comes from the bundle', () => {
    const config = loadSidecarConfig({
      ...BUNDLE,
      TESSERA_ISSUER: '',
      TESSERA_ROOT_PUBLIC_KEY: JSON.stringify(ROOT.publicKey.export({ format: 'jwk' })),
    });

    expect(config.issuer).toBeUndefined();
    expect(config.trust).toEqual({
      kind: 'bundle',
      origin: 'TESSERA_TRUST_BUNDLE_FILE',
      bundleFile: '/etc/tessera/bundle.json',
      rootPublicKey: ROOT_PEM,
      stateFile: '/var/lib/tessera/trust-state.json',
    });
    expect(loadSidecarConfig(BUNDLE).issuer).toBe('https://tessera.test');
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
