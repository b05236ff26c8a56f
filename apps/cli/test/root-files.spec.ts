import { readdir, readFile, stat, writeFile } from 'node:fs/promises';

import { cliUnderTest } from './cli-harness.js';

describe('tessera root create', () => {
  const cli = cliUnderTest();

  it('writes the encrypted key owner-only and its public half beside it', async () => {
    const root = cli.file('root.key');
    expect(await cli.run('root', 'create', '--out', root)).toBe(0);
    expect((await stat(root)).mode & 0o777).toBe(0o600);
    expect(await readFile(`${root}.pub.pem`, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  it('leaves no private key behind when FILE.pub.pem already exists', async () => {
    const root = cli.file('root.key');
    await writeFile(`${root}.pub.pem`, 'the public key sites already pin\n');

    expect(await cli.run('root', 'create', '--out', root)).toBe(2);

    expect(cli.stderr).toBe(`error: ${root}.pub.pem already exists and is not overwritten\n`);
    expect(await readdir(cli.file('.'))).toEqual(['root.key.pub.pem']);
    expect(await readFile(`${root}.pub.pem`, 'utf8')).toBe('the public key sites already pin\n');
  });

  it('leaves no public key behind and keeps the old key when FILE already exists', async () => {
    const root = cli.file('root.key');
    await writeFile(root, 'an earlier root key\n');

    expect(await cli.run('root', 'create', '--out', root)).toBe(2);

    expect(cli.stderr).toBe(`error: ${root} already exists and is not overwritten\n`);
    expect(await readdir(cli.file('.'))).toEqual(['root.key']);
    expect(await readFile(root, 'utf8')).toBe('an earlier root key\n');
  });
});
