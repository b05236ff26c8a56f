import { readFile } from 'node:fs/promises';

import { acceptTrustBundle } from '../../../libs/verifier/src/index.js';
import { cliUnderTest, createRootPair, exists, keyEntry, NOW, writeKeys } from './cli-harness.js';

const SMALL_ORDER_X = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

describe('tessera bundle sign and root rotate', () => {
  const cli = cliUnderTest();
  let oldRoot: string;
  let newRoot: string;
  let keys: string;

  beforeEach(async () => {
    [oldRoot, newRoot] = await createRootPair(cli);
    keys = cli.file('keys.json');
    await writeKeys(keys, [keyEntry()]);
  });

  /** The options both commands share; `root rotate` adds the new root. */
  const common = (version: string, out: string) =>
    ['--keys', keys, '--version', version, '--expires', '+30d', '--out', out] as const;
  const sign = (version: string, out: string, ...extra: string[]) =>
    cli.run('bundle', 'sign', '--root', oldRoot, ...common(version, out), ...extra);
  const rotate = (version: string, out: string, ...extra: string[]) =>
    cli.run(
      'root',
      'rotate',
      '--root',
      oldRoot,
      '--new',
      newRoot,
      ...common(version, out),
      ...extra,
    );

  it.each([
    ['bundle sign', sign],
    ['root rotate', rotate],
  ])('%s refuses a version sites would refuse and writes nothing', async (_name, command) => {
    for (const version of ['2147483648', '9007199254740993', '0', '-1', '1e3', '01']) {
      const out = cli.file(`v${version}.json`);
      expect(await command(version, out)).toBe(2);
      expect(await exists(out)).toBe(false);
    }
    expect(cli.stderr).toContain(
      'error: --version must be a whole number from 1 to 2147483647, got "2147483648"\n',
    );
  });

  it.each([
    ['bundle sign', sign],
    ['root rotate', rotate],
  ])('%s signs the highest version sites accept', async (_name, command) => {
    const out = cli.file('highest.json');
    expect(await command('2147483647', out)).toBe(0);
    const accepted = acceptTrustBundle(await readFile(out, 'utf8'), {
      rootPublicKey: await readFile(`${oldRoot}.pub.pem`, 'utf8'),
      now: NOW,
      state: undefined,
    });
    expect(accepted.bundle.version).toBe(2147483647);
  });

  it.each([
    ['bundle sign', sign],
    ['root rotate', rotate],
  ])('%s writes nothing when a site would refuse the bundle it made', async (_name, command) => {
    const out = cli.file('refused.json');
    const issuer = `https://${'a'.repeat(600)}.example`;

    expect(await command('5', out, '--issuer', issuer)).toBe(1);

    expect(cli.stderr).toBe(
      'refused: BUNDLE_MALFORMED: bundle issuer must be a non-empty string\n',
    );
    expect(await exists(out)).toBe(false);
  });

  it('bundle sign refuses a small-order Ed25519 key in --keys and writes nothing', async () => {
    const weak = { kty: 'OKP', crv: 'Ed25519', x: SMALL_ORDER_X, kid: 'weak' };
    await writeKeys(keys, [keyEntry(), keyEntry({ jwk: weak })]);
    const out = cli.file('weak.json');

    expect(await sign('3', out)).toBe(2);

    expect(cli.stderr).toBe(
      'error: --keys entry 1 jwk must not be a small-order or non-canonical Ed25519 point\n',
    );
    expect(await exists(out)).toBe(false);
  });

  it('never writes over an existing bundle file, and says to use a new one', async () => {
    const out = cli.file('bundle.json');
    expect(await sign('1', out)).toBe(0);
    const first = await readFile(out, 'utf8');

    expect(await sign('2', out)).toBe(2);

    expect(await readFile(out, 'utf8')).toBe(first);
    expect(cli.stderr).toContain('give each bundle version its own file');
  });
});
