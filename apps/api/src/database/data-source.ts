import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../../migrations/index.js';
import { ENTITIES } from './entities.js';

export interface DatabaseTarget {
  readonly url: string;
  /** The embedded database serves one connection; transactions must not interleave. */
  readonly poolSize: number;
}

export function dataSourceOptions(target: DatabaseTarget): DataSourceOptions {
  return {
    type: 'postgres',
    url: target.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13 and later; no extension needs installing.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // Failed queries surface as errors through the service's own logging; TypeORM's logger
    // would print their parameters, which may hold request data.
    logging: false,
    extra: { max: target.poolSize },
  };
}

/** Applies pending migrations under an advisory lock, so instances starting together take turns. */
export async function runMigrations(target: DatabaseTarget): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(target), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Arbitrary but fixed: identifies Tessera's migration lock among other advisory locks. */
const MIGRATION_LOCK_ID = 7_411_001;
