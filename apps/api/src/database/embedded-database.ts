import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { DatabaseTarget } from './data-source.js';
import { lockDataFolder } from './folder-lock.js';

export interface EmbeddedDatabase {
  readonly target: DatabaseTarget;
  stop(): Promise<void>;
}

/**
 * PostgreSQL compiled to WebAssembly (PGlite), kept in a local folder and reached over the
 * ordinary wire protocol on loopback, so the service talks to it exactly as to a real server.
 * PGlite runs one session: the socket server accepts a single connection and the pool holds one.
 * It suits a first run and small trials; several instances need a real PostgreSQL.
 */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const folder = join(dataDir, 'pglite');
  await mkdir(folder, { recursive: true });
  const unlock = await lockDataFolder(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(folder);
  } catch (error) {
    await unlock();
    throw error;
  }
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;

  return {
    target: { url, poolSize: 1 },
    async stop() {
      await server.stop();
      await db.close();
      await unlock();
    },
  };
}
