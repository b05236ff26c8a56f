import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';

/** Where `npm run build` puts the compiled browser modules, and the hand-written static files. */
export const PORTAL_SCRIPTS_DIR = resolve('dist/apps/portal/src');
export const PORTAL_STATIC_DIR = resolve('apps/portal/static');

/** Everything the portal ships is small; a larger file here is a packaging mistake. */
const MAX_FILE_BYTES = 512 * 1024;
const MAX_FILES = 200;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface PortalFile {
  readonly body: Buffer;
  readonly contentType: string;
}

/**
 * The portal's files, read once at start into a fixed table keyed by URL path. Requests are
 * answered from this table only, so no request path ever reaches the file system.
 */
export function loadPortalFiles(): ReadonlyMap<string, PortalFile> {
  const files = new Map<string, PortalFile>();
  collect(PORTAL_STATIC_DIR, PORTAL_STATIC_DIR, '', files);
  collect(PORTAL_SCRIPTS_DIR, PORTAL_SCRIPTS_DIR, 'app/', files);
  return files;
}

function collect(root: string, dir: string, prefix: string, files: Map<string, PortalFile>): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      collect(root, path, prefix, files);
      continue;
    }
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType === undefined) continue;
    if (files.size >= MAX_FILES) throw new Error(`portal: more than ${MAX_FILES} files`);
    const body = readFileSync(path);
    if (body.length > MAX_FILE_BYTES) throw new Error(`portal: ${path} is too large`);
    files.set(prefix + relative(root, path).split(sep).join('/'), { body, contentType });
  }
}
