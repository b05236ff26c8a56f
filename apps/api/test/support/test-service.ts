import type { ConsoleLogger } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type ServiceConfig } from '../../src/config/config.js';
import { type RunningService, startService } from '../../src/service.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_ADMIN_TOKEN = 'tsa_test-admin-credential-0123456789';
const TEST_KEY_ENCRYPTION_KEY = Buffer.alloc(32, 0x5a).toString('base64');

export interface TestService extends RunningService {
  readonly config: ServiceConfig;
  readonly adminAuth: { Authorization: string };
  readonly databaseUrl: string | undefined;
  shutdown(): Promise<void>;
}

export interface TestServiceOptions {
  readonly env?: Record<string, string>;
  /** Reuse a database (a second instance); by default each service gets a fresh one. */
  readonly database?: TestDatabase;
  /** Run on the embedded database in this folder instead of PostgreSQL. */
  readonly embeddedDataDir?: string;
  /** Nest's logger; by default the service logs nothing. */
  readonly logger?: ConsoleLogger;
}

/** The real service on a real database, listening on a free loopback port, in test mode. */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const ownDatabase = options.embeddedDataDir === undefined && options.database === undefined;
  const database =
    options.embeddedDataDir === undefined
      ? (options.database ?? (await createTestDatabase()))
      : undefined;
  const dataDir = options.embeddedDataDir ?? (await mkdtemp(join(tmpdir(), 'tessera-test-')));
  const config = loadConfig({
    TESSERA_MODE: 'test',
    PORT: '0',
    TESSERA_DATA_DIR: dataDir,
    TESSERA_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    // Instances sharing a database share its key-encryption key, as in production.
    TESSERA_KEY_ENCRYPTION_KEY: TEST_KEY_ENCRYPTION_KEY,
    TESSERA_ISSUER: 'https://tessera.test',
    ...(database !== undefined && { DATABASE_URL: database.url }),
    ...options.env,
  });
  const service = await startService(config, { logger: options.logger ?? false });
  return {
    ...service,
    config,
    databaseUrl: database?.url,
    adminAuth: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    async shutdown() {
      await service.stop();
      if (ownDatabase) await database?.drop();
      if (options.embeddedDataDir === undefined)
        await rm(dataDir, { recursive: true, force: true });
    },
  };
}
