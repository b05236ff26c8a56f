import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class DataFolderInUseError extends Error {
  override readonly name = 'DataFolderInUseError';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite keeps its files in a plain folder and knows nothing of other processes: two opening
 * it at once would corrupt it. A lock file holding the owner's pid keeps a second service, or
 * a command such as `npm run audit:verify`, out while the folder is open; a lock left by a
 * process that no longer runs is taken over.
 */
export async function lockDataFolder(folder: string): Promise<() => Promise<void>> {
  const path = join(folder, 'tessera.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new DataFolderInUseError(
        `${folder} is in use by process ${owner}; stop it first, or use its HTTP API ` +
          '(GET /v1/admin/audit/verify checks the audit chain of a running service)',
      );
    }
    await rm(path, { force: true });
  }
  throw new DataFolderInUseError(`${folder}: could not take the lock file ${path}`);
}
