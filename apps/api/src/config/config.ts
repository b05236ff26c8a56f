import { isAbsolute, resolve } from 'node:path';

/** Where the service runs. Only `test` and `demo` may pin clocks, seed challenges or trust test roots. */
export type ServiceMode = 'production' | 'development' | 'test' | 'demo';

export interface ServiceConfig {
  readonly mode: ServiceMode;
  readonly port: number;
  readonly host: string;
  /** PostgreSQL URL; absent means the embedded database under `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly runMigrations: boolean;
  readonly issuer: string;
  readonly tokenLifetimeSeconds: number;
  readonly challengeLifetimeSeconds: number;
  /** 32-byte key that encrypts signing keys at rest; absent means a key file in `dataDir`. */
  readonly keyEncryptionKey: Buffer | undefined;
  /** A fixed admin credential; absent means one is created at first start and shown once. */
  readonly adminToken: string | undefined;
  readonly maxBodyBytes: number;
  /** PEM public keys of extra Android attestation roots. Refused outside test and demo modes. */
  readonly testAndroidRootsPem: readonly string[];
  /** Path to Google's attestation status list (JSON); absent means the list shipped with us. */
  readonly androidRevocationListFile: string | undefined;
  /**
   * Bearer token Prometheus presents to `/metrics`. Absent: `/metrics` is open outside production
   * mode and closed in it.
   */
  readonly metricsToken: string | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

const MODES: readonly ServiceMode[] = ['production', 'development', 'test', 'demo'];

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function keyEncryptionKey(env: Env): Buffer | undefined {
  const raw = env.TESSERA_KEY_ENCRYPTION_KEY;
  if (raw === undefined || raw === '') return undefined;
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    throw new ConfigError('TESSERA_KEY_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
  }
  return key;
}

function pemList(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  const blocks = raw.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g);
  if (blocks === null)
    throw new ConfigError('TESSERA_TEST_ANDROID_ROOTS must hold PEM public keys');
  return blocks;
}

/** A bearer token (RFC 6750 token68) long enough not to be guessed. */
const METRICS_TOKEN = /^[A-Za-z0-9._~+/-]{24,256}=*$/;

function metricsToken(env: Env): string | undefined {
  const raw = env.TESSERA_METRICS_TOKEN;
  if (raw === undefined || raw === '') return undefined;
  if (!METRICS_TOKEN.test(raw)) {
    throw new ConfigError('TESSERA_METRICS_TOKEN must be 24 to 256 bearer-token characters');
  }
  return raw;
}

/** Reads and validates the environment once, at boot. Anything unparsable stops the service. */
export function loadConfig(env: Env = process.env): ServiceConfig {
  const mode = (env.TESSERA_MODE ?? 'development') as ServiceMode;
  if (!MODES.includes(mode)) {
    throw new ConfigError(`TESSERA_MODE must be one of ${MODES.join(', ')}, got "${mode}"`);
  }
  const dataDir = env.TESSERA_DATA_DIR ?? '.data';
  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL;
  const testAndroidRootsPem = pemList(env.TESSERA_TEST_ANDROID_ROOTS);
  const kek = keyEncryptionKey(env);

  if (testAndroidRootsPem.length > 0 && mode !== 'test' && mode !== 'demo') {
    throw new ConfigError('TESSERA_TEST_ANDROID_ROOTS is only accepted in test or demo mode');
  }
  if (mode === 'production' && kek === undefined) {
    throw new ConfigError('TESSERA_KEY_ENCRYPTION_KEY is required in production mode');
  }
  if (mode === 'production' && databaseUrl === undefined) {
    throw new ConfigError('DATABASE_URL is required in production mode');
  }

  return {
    mode,
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(dataDir),
    runMigrations: boolean(env, 'TESSERA_RUN_MIGRATIONS', true),
    issuer: env.TESSERA_ISSUER ?? 'https://tessera.invalid',
    tokenLifetimeSeconds: integer(env, 'TESSERA_TOKEN_LIFETIME_SECONDS', 600, 30, 3600),
    challengeLifetimeSeconds: integer(env, 'TESSERA_CHALLENGE_LIFETIME_SECONDS', 300, 10, 3600),
    keyEncryptionKey: kek,
    adminToken: env.TESSERA_ADMIN_TOKEN === '' ? undefined : env.TESSERA_ADMIN_TOKEN,
    maxBodyBytes: integer(env, 'TESSERA_MAX_BODY_BYTES', 256 * 1024, 1024, 16 * 1024 * 1024),
    testAndroidRootsPem,
    androidRevocationListFile: env.TESSERA_ANDROID_STATUS_LIST_FILE,
    metricsToken: metricsToken(env),
  };
}

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

export function allowsTestHooks(config: ServiceConfig): boolean {
  return config.mode === 'test' || config.mode === 'demo';
}
