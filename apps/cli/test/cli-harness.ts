import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateSigningKey } from '../../../libs/tokens/src/index.js';
import { runCli } from '../src/main.js';

export const NOW = new Date('2026-12-03T12:00:00Z');
export const ROOT_PASSPHRASE = 'old root passphrase 2026';
export const NEW_ROOT_PASSPHRASE = 'new root passphrase 2027';
export const ISSUER = 'https://tessera.vendor.example';

/** The CLI run in a fresh folder, with what it printed to stdout and stderr. */
export interface CliUnderTest {
  run(...argv: string[]): Promise<number>;
  file(name: string): string;
  readonly stdout: string;
  readonly stderr: string;
}

/** Registers the hooks that give each test its own folder, passphrases and captured output. */
export function cliUnderTest(): CliUnderTest {
  let folder = '';
  const output = { stdout: '', stderr: '' };
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'tessera-cli-'));
    output.stdout = '';
    output.stderr = '';
    process.env.TESSERA_ROOT_PASSPHRASE = ROOT_PASSPHRASE;
    process.env.TESSERA_NEW_ROOT_PASSPHRASE = NEW_ROOT_PASSPHRASE;
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.stderr += String(chunk);
      return true;
    });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    delete process.env.TESSERA_ROOT_PASSPHRASE;
    delete process.env.TESSERA_NEW_ROOT_PASSPHRASE;
    await rm(folder, { recursive: true, force: true });
  });
  return {
    run: (...argv) => runCli(argv, { now: NOW, print: (text) => (output.stdout += text) }),
    file: (name) => join(folder, name),
    get stdout() {
      return output.stdout;
    },
    get stderr() {
      return output.stderr;
    },
  };
}

/** Creates two roots, `old.key` and `new.key`, each under its own passphrase. */
export async function createRootPair(cli: CliUnderTest): Promise<[string, string]> {
  const [oldRoot, newRoot] = [cli.file('old.key'), cli.file('new.key')];
  expect(await cli.run('root', 'create', '--out', oldRoot)).toBe(0);
  process.env.TESSERA_ROOT_PASSPHRASE = NEW_ROOT_PASSPHRASE;
  expect(await cli.run('root', 'create', '--out', newRoot)).toBe(0);
  process.env.TESSERA_ROOT_PASSPHRASE = ROOT_PASSPHRASE;
  return [oldRoot, newRoot];
}

/** A `--keys` entry as `GET /v1/admin/signing-keys` lists it. */
export function keyEntry(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    jwk: generateSigningKey().publicJwk,
    notBefore: '2026-12-01T00:00:00Z',
    notAfter: '2027-12-01T00:00:00Z',
    inCirculation: true,
    ...changes,
  };
}

export async function writeKeys(path: string, entries: readonly unknown[]): Promise<void> {
  await writeFile(path, JSON.stringify({ issuer: ISSUER, keys: entries }));
}

export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The payload of a bundle file, decoded. */
export function bundlePayload(text: string): Record<string, unknown> {
  const { payload } = JSON.parse(text) as { payload: string };
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The characters in `text`, line feeds aside, that a terminal would act on rather than show. */
export function terminalControls(text: string): string[] {
  return [...text].filter((character) => {
    const code = character.codePointAt(0) as number;
    return (
      (code < 0x20 && code !== 0x0a) ||
      (code >= 0x7f && code <= 0x9f) ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069)
    );
  });
}
