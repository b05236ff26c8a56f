import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const MAIN = resolve('dist/apps/api/src/main.js');
const START_TIMEOUT_MS = 60_000;

export interface ServiceProcess {
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<number | null>;
}

/**
 * Runs the built service as `npm start` does, in its own process. PGlite loads its WebAssembly
 * with a dynamic import that Jest's module sandbox cannot serve, so the embedded path is
 * exercised this way: the same entry point a new user starts.
 */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first`);
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`service did not start:\n${output}`)),
      START_TIMEOUT_MS,
    );
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code}:\n${output}`));
    });
  });

  return { url, output: () => output, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolveExit) => {
    child.once('exit', (code) => resolveExit(code));
    child.kill('SIGTERM');
  });
}
