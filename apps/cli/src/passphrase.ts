import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

import { UsageError } from './args.js';

/**
 * The passphrase of a root key file: from the environment variable when set (for scripted
 * ceremonies), otherwise typed at the terminal without echo. Never from the command line,
 * where it would land in the shell history and the process list.
 */
export async function readPassphrase(variable: string, prompt: string): Promise<string> {
  const fromEnv = process.env[variable];
  if (fromEnv !== undefined) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new UsageError(`set ${variable} or run in a terminal to type the passphrase`);
  }
  return promptHidden(prompt);
}

function promptHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const lines = createInterface({ input: process.stdin, output: silent, terminal: true });
  return new Promise((resolve) => {
    lines.question('', (answer) => {
      lines.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
