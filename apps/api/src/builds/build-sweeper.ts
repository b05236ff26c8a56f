import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { BUILDS_FOLDER, INCOMING_FOLDER } from './build-upload.service.js';

/**
 * Files older than this with no row are leftovers of a crash, not uploads in progress: an
 * upload renames its file and commits its row within one request.
 */
export const LEFTOVER_AGE_MS = 60 * 60 * 1000;
const MAX_FILES_PER_SWEEP = 10_000;

/** At start, removes what a crash mid-upload left behind: .part files and files without a row. */
@Injectable()
export class BuildSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger('BuildSweeper');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const removed = await this.sweep(new Date());
    if (removed > 0) this.logger.log({ event: 'build_leftovers_removed', files: removed });
  }

  async sweep(now: Date): Promise<number> {
    let removed = 0;
    for (const name of await this.oldFiles(INCOMING_FOLDER, now)) {
      await rm(join(this.config.dataDir, INCOMING_FOLDER, name), { force: true });
      removed += 1;
    }
    for (const name of await this.oldFiles(BUILDS_FOLDER, now)) {
      const storagePath = join(BUILDS_FOLDER, name);
      const rows: unknown[] = await this.dataSource.query(
        'SELECT 1 FROM build WHERE storage_path = $1',
        [storagePath],
      );
      if (rows.length > 0) continue;
      await rm(join(this.config.dataDir, storagePath), { force: true });
      removed += 1;
    }
    return removed;
  }

  /** Plain files of the folder last changed before the leftover age. */
  private async oldFiles(folder: string, now: Date): Promise<string[]> {
    const path = join(this.config.dataDir, folder);
    const names = await readdir(path).catch(() => [] as string[]);
    const old: string[] = [];
    for (const name of names.slice(0, MAX_FILES_PER_SWEEP)) {
      const info = await stat(join(path, name)).catch(() => undefined);
      if (info?.isFile() !== true) continue;
      if (now.getTime() - info.mtimeMs > LEFTOVER_AGE_MS) old.push(name);
    }
    return old;
  }
}
