import { createPublicKey } from 'node:crypto';
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
  /**
   * Which proxies in front may name the client in X-Forwarded-For (Express's `trust proxy`):
   * false, a hop count, or addresses and subnets. Rate limits count per client address.
   */
  readonly trustProxy: false | number | string[];
  /** PEM public keys of extra Android attestation roots. Refused outside test and demo modes. */
  readonly testAndroidRootsPem: readonly string[];
  /** Path to Google's attestation status list (JSON); absent means the list shipped with us. */
  readonly androidRevocationListFile: string | undefined;
  /** The vendor's root public key (PEM or JWK); uploaded trust bundles must be signed by it. */
  readonly trustRootPublicKey: string | undefined;
  /** Window of the key made at first start, in days. */
  readonly signingKeyValidityDays: number;
  readonly portal: PortalConfig;
  /**
   * Bearer token Prometheus presents to `/metrics`. Absent: `/metrics` is open outside production
   * mode and closed in it.
   */
  readonly metricsToken: string | undefined;
  /**
   * Requests one client may make per minute to the public run-time routes (challenges,
   * enrolment, refresh), counted across every instance.
   */
  readonly runtimePerMinute: number;
  /** How often each instance adds its token activity counts to the database. */
  readonly activityFlushSeconds: number;
}

/** Accounts, sessions and build uploads. */
export interface PortalConfig {
  /** Base URL that invitation links point to. */
  readonly publicUrl: string;
  /** `Secure` session cookies; may be off only outside production, for http://localhost. */
  readonly secureCookies: boolean;
  readonly sessionIdleSeconds: number;
  readonly sessionLifetimeSeconds: number;
  /** Sign-in attempts one client may make per minute. */
  readonly signInPerMinute: number;
  /** Failed sign-ins in a row that lock an account, and for how long. */
  readonly signInMaxFailures: number;
  readonly signInLockoutSeconds: number;
  readonly invitationLifetimeSeconds: number;
  /** Largest build file accepted for upload. */
  readonly maxBuildBytes: number;
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

function portalConfig(env: Env, mode: ServiceMode, port: number, host: string): PortalConfig {
  const secureCookies = boolean(env, 'TESSERA_SECURE_COOKIES', true);
  if (!secureCookies && mode === 'production') {
    throw new ConfigError('TESSERA_SECURE_COOKIES=false is refused in production mode');
  }
  const publicUrl = env.TESSERA_PUBLIC_URL ?? `http://${host}:${port}`;
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(publicUrl)) {
    throw new ConfigError(`TESSERA_PUBLIC_URL must be an http(s) URL, got "${publicUrl}"`);
  }
  return {
    publicUrl: publicUrl.replace(/\/+$/, ''),
    secureCookies,
    sessionIdleSeconds: integer(env, 'TESSERA_SESSION_IDLE_SECONDS', 1800, 60, 86_400),
    sessionLifetimeSeconds: integer(env, 'TESSERA_SESSION_LIFETIME_SECONDS', 43_200, 60, 604_800),
    signInPerMinute: integer(env, 'TESSERA_SIGNIN_PER_MINUTE', 20, 1, 10_000),
    signInMaxFailures: integer(env, 'TESSERA_SIGNIN_MAX_FAILURES', 5, 1, 100),
    signInLockoutSeconds: integer(env, 'TESSERA_SIGNIN_LOCKOUT_SECONDS', 900, 1, 86_400),
    invitationLifetimeSeconds: integer(
      env,
      'TESSERA_INVITATION_LIFETIME_SECONDS',
      604_800,
      60,
      2_592_000,
    ),
    maxBuildBytes: integer(env, 'TESSERA_MAX_BUILD_BYTES', 512 * 1024 ** 2, 1024, 4 * 1024 ** 3),
  };
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

/** TESSERA_ROOT_PUBLIC_KEY: the root's public key as PEM or as a JWK; never the private key. */
function trustRootPublicKey(env: Env): string | undefined {
  const raw = env.TESSERA_ROOT_PUBLIC_KEY;
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    const key = raw.trim().startsWith('{')
      ? createPublicKey({ key: JSON.parse(raw) as Record<string, string>, format: 'jwk' })
      : createPublicKey(raw);
    const isPrivate = raw.includes('PRIVATE') || raw.includes('"d"');
    if (isPrivate || key.asymmetricKeyType !== 'ed25519') throw new Error();
    return key.export({ type: 'spki', format: 'pem' }) as string;
  } catch {
    throw new ConfigError('TESSERA_ROOT_PUBLIC_KEY must be an Ed25519 public key (PEM or JWK)');
  }
}

const PROXY_ENTRY = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/;

/** `TESSERA_TRUST_PROXY`: empty (trust none), a hop count, or a comma-separated address list. */
function trustProxy(raw: string | undefined): false | number | string[] {
  if (raw === undefined || raw.trim() === '') return false;
  if (/^\d{1,2}$/.test(raw.trim())) return Number(raw.trim());
  const entries = raw.split(',').map((entry) => entry.trim());
  if (!entries.every((entry) => PROXY_ENTRY.test(entry))) {
    throw new ConfigError(
      'TESSERA_TRUST_PROXY must be a hop count or a comma-separated list of addresses/subnets',
    );
  }
  return entries;
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

  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST ?? '127.0.0.1';
  return {
    mode,
    port,
    host,
    databaseUrl,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(dataDir),
    runMigrations: boolean(env, 'TESSERA_RUN_MIGRATIONS', true),
    issuer: env.TESSERA_ISSUER ?? 'https://tessera.invalid',
    tokenLifetimeSeconds: integer(env, 'TESSERA_TOKEN_LIFETIME_SECONDS', 600, 30, 3600),
    challengeLifetimeSeconds: integer(env, 'TESSERA_CHALLENGE_LIFETIME_SECONDS', 300, 10, 3600),
    keyEncryptionKey: kek,
    adminToken: env.TESSERA_ADMIN_TOKEN === '' ? undefined : env.TESSERA_ADMIN_TOKEN,
    maxBodyBytes: integer(env, 'TESSERA_MAX_BODY_BYTES', 256 * 1024, 1024, 16 * 1024 * 1024),
    trustProxy: trustProxy(env.TESSERA_TRUST_PROXY),
    testAndroidRootsPem,
    androidRevocationListFile: env.TESSERA_ANDROID_STATUS_LIST_FILE,
    trustRootPublicKey: trustRootPublicKey(env),
    signingKeyValidityDays: integer(env, 'TESSERA_SIGNING_KEY_VALIDITY_DAYS', 365, 1, 3650),
    portal: portalConfig(env, mode, port, host),
    metricsToken: metricsToken(env),
    runtimePerMinute: integer(env, 'TESSERA_RUNTIME_PER_MINUTE', 600, 1, 1_000_000),
    activityFlushSeconds: integer(env, 'TESSERA_ACTIVITY_FLUSH_SECONDS', 5, 1, 300),
  };
}

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

export function allowsTestHooks(config: ServiceConfig): boolean {
  return config.mode === 'test' || config.mode === 'demo';
}
