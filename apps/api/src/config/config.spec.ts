import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('trusts no proxy unless told, and takes a hop count or an address list', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TESSERA_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TESSERA_TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      'loopback',
    ]);
  });

  it('refuses a proxy setting it cannot read', () => {
    expect(() => loadConfig({ TESSERA_TRUST_PROXY: 'everyone' })).toThrow(ConfigError);
  });

  it('refuses test roots outside test and demo modes', () => {
    const pem = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----';
    expect(() =>
      loadConfig({ TESSERA_MODE: 'development', TESSERA_TEST_ANDROID_ROOTS: pem }),
    ).toThrow(/only accepted in test or demo mode/);
  });

  it('refuses production without a database URL or a key-encryption key', () => {
    expect(() => loadConfig({ TESSERA_MODE: 'production' })).toThrow(ConfigError);
  });
});
