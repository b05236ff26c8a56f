import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateSigningKey } from '../../../libs/tokens/src/index.js';
import { fileTrustStateStore, loadTrustBundle } from '../../../libs/verifier/src/index.js';
import { runCli } from '../src/main.js';

const NOW = new Date('2026-12-03T12:00:00Z');

describe('tessera CLI', () => {
  let folder: string;
  let printed: string;
  const run = (...argv: string[]) => runCli(argv, { now: NOW, print: (text) => (printed += text) });

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'tessera-cli-'));
    printed = '';
    process.env.TESSERA_ROOT_PASSPHRASE = 'old root passphrase 2026';
    process.env.TESSERA_NEW_ROOT_PASSPHRASE = 'new root passphrase 2027';
  });
  afterEach(async () => {
    delete process.env.TESSERA_ROOT_PASSPHRASE;
    delete process.env.TESSERA_NEW_ROOT_PASSPHRASE;
    await rm(folder, { recursive: true, force: true });
  });

  it('refuses a weak or empty passphrase and writes no key', async () => {
    for (const weak of ['', 'short', 'aaaaaaaaaaaaaaaaaaaa']) {
      process.env.TESSERA_ROOT_PASSPHRASE = weak;
      expect(await run('root', 'create', '--out', join(folder, 'root.key'))).toBe(2);
    }
    await expect(readFile(join(folder, 'root.key'))).rejects.toThrow();
  });

  it('signs a bundle, rotates the root, and a site follows the hand-over', async () => {
    const keys = join(folder, 'keys.json');
    const key = generateSigningKey();
    await writeFile(
      keys,
      JSON.stringify({
        issuer: 'https://tessera.vendor.example',
        keys: [
          {
            jwk: key.publicJwk,
            notBefore: '2026-12-01T00:00:00Z',
            notAfter: '2027-12-01T00:00:00Z',
            inCirculation: true,
          },
          {
            jwk: generateSigningKey().publicJwk,
            notBefore: '2020-01-01T00:00:00Z',
            notAfter: '2020-02-01T00:00:00Z',
            inCirculation: false,
          },
        ],
      }),
    );
    const [oldRoot, newRoot] = [join(folder, 'old.key'), join(folder, 'new.key')];
    expect(await run('root', 'create', '--out', oldRoot)).toBe(0);
    process.env.TESSERA_ROOT_PASSPHRASE = process.env.TESSERA_NEW_ROOT_PASSPHRASE;
    expect(await run('root', 'create', '--out', newRoot)).toBe(0);
    process.env.TESSERA_ROOT_PASSPHRASE = 'old root passphrase 2026';

    const v1 = join(folder, 'v1.json');
    const v2 = join(folder, 'v2.json');
    const v3 = join(folder, 'v3.json');
    const sign = ['--keys', keys, '--expires', '+90d'];
    expect(
      await run('bundle', 'sign', '--root', oldRoot, ...sign, '--version', '1', '--out', v1),
    ).toBe(0);
    expect(
      await run(
        'root',
        'rotate',
        '--root',
        oldRoot,
        '--new',
        newRoot,
        ...sign,
        '--version',
        '2',
        '--out',
        v2,
      ),
    ).toBe(0);
    process.env.TESSERA_ROOT_PASSPHRASE = process.env.TESSERA_NEW_ROOT_PASSPHRASE;
    expect(
      await run('bundle', 'sign', '--root', newRoot, ...sign, '--version', '3', '--out', v3),
    ).toBe(0);

    const pinned = await readFile(`${oldRoot}.pub.pem`, 'utf8');
    const stateStore = fileTrustStateStore(join(folder, 'state.json'));
    const load = async (file: string) =>
      loadTrustBundle(await readFile(file, 'utf8'), {
        rootPublicKey: pinned,
        stateStore,
        now: NOW,
      });
    expect((await load(v1)).keys.map((entry) => entry.kid)).toEqual([key.kid]);
    await load(v2);
    expect((await load(v3)).version).toBe(3);

    printed = '';
    expect(await run('bundle', 'inspect', v3, '--root', `${oldRoot}.pub.pem`)).toBe(1);
    expect(await run('bundle', 'inspect', v3, '--root', `${newRoot}.pub.pem`)).toBe(0);
    expect(printed).toContain('version:   3');
    expect(printed).toContain('signatures: valid');
  });

  it('refuses a wrong passphrase, unknown options and an unparsable version', async () => {
    const root = join(folder, 'root.key');
    expect(await run('root', 'create', '--out', root)).toBe(0);
    expect(JSON.parse(await readFile(root, 'utf8'))).toMatchObject({
      format: 'tessera-root-key',
      version: 1,
      kdf: { name: 'scrypt', N: 131072, r: 8, p: 1 },
    });
    const keys = join(folder, 'keys.json');
    const entry = {
      jwk: generateSigningKey().publicJwk,
      notBefore: '2026-12-01T00:00:00Z',
      notAfter: '2027-01-01T00:00:00Z',
    };
    await writeFile(keys, JSON.stringify({ issuer: 'x', keys: [entry] }));
    process.env.TESSERA_ROOT_PASSPHRASE = 'not the passphrase at all';
    const out = join(folder, 'b.json');
    expect(
      await run(
        'bundle',
        'sign',
        '--root',
        root,
        '--keys',
        keys,
        '--version',
        '1',
        '--expires',
        '+1d',
        '--out',
        out,
      ),
    ).toBe(2);
    expect(await run('bundle', 'sign', '--root', root, '--color', 'red')).toBe(2);
    expect(
      await run(
        'bundle',
        'sign',
        '--root',
        root,
        '--keys',
        keys,
        '--version',
        '1.5',
        '--expires',
        '+1d',
        '--out',
        out,
      ),
    ).toBe(2);
  });
});
