import { open, rm, type FileHandle } from 'node:fs/promises';

import { UsageError } from './args.js';

export interface NewFile {
  readonly path: string;
  readonly text: string;
  readonly mode: number;
}

/**
 * Creates every file or none: all paths are claimed with exclusive create before anything is
 * written, and whatever was created is removed again when any step fails.
 */
export async function writeNewFiles(files: readonly NewFile[]): Promise<void> {
  const claimed: { readonly file: NewFile; readonly handle: FileHandle }[] = [];
  try {
    for (const file of files) {
      claimed.push({ file, handle: await claim(file) });
    }
    for (const { file, handle } of claimed) {
      await handle.writeFile(file.text, 'utf8');
      await handle.sync();
    }
    await Promise.all(claimed.map(({ handle }) => handle.close()));
  } catch (error) {
    await Promise.allSettled(claimed.map(({ handle }) => handle.close()));
    await Promise.allSettled(claimed.map(({ file }) => rm(file.path, { force: true })));
    throw error;
  }
}

async function claim(file: NewFile): Promise<FileHandle> {
  try {
    return await open(file.path, 'wx', file.mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(`${file.path} already exists and is not overwritten`);
    }
    throw error;
  }
}
