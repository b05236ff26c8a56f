import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/config.js';
import { dataSourceOptions, type DatabaseTarget } from '../database/data-source.js';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../database/embedded-database.js';
import { AuditService } from './audit.service.js';

/**
 * `npm run audit:verify`: recomputes the audit chain on the configured database (DATABASE_URL,
 * else the embedded one under TESSERA_DATA_DIR, which the service must not hold open) and names
 * the first entry that does not fit. Exit 0: intact; 1: broken; 2: could not check.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  let target: DatabaseTarget;
  if (config.databaseUrl === undefined) {
    embedded = await startEmbeddedDatabase(config.dataDir);
    target = embedded.target;
  } else {
    target = { url: config.databaseUrl, poolSize: 1 };
  }
  const dataSource = new DataSource({ ...dataSourceOptions(target), logging: false });
  try {
    await dataSource.initialize();
    const report = await new AuditService(dataSource).verifyChain();
    process.stdout.write(`${JSON.stringify(report)}\n`);
    if (report.intact) {
      process.stdout.write(`audit chain intact: ${report.entries} entries\n`);
      return 0;
    }
    process.stdout.write(
      `audit chain broken at entry ${report.firstBrokenSeq ?? '?'} ` +
        `(${report.entries} entries before it check out)\n`,
    );
    return 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const reason = error instanceof ConfigError ? error.message : String(error);
    process.stderr.write(`audit:verify could not check the chain: ${reason}\n`);
    process.exit(2);
  },
);
