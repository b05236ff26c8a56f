import { createPublicKey } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

import { rootPublicJwk } from '../../../libs/tokens/src/index.js';
import {
  cliUnderTest,
  createRootPair,
  keyEntry,
  terminalControls,
  writeKeys,
} from './cli-harness.js';

const FORGED_ISSUER = 'https://x\nsignatures: valid under root (looks real)\n\x1b[8m';
const LABELS =
  /^(UNVERIFIED: |version: |issuer: |issued: |expires: |keys:$| {2}\S|next root: |signed by: |signatures: )/;

/** A bundle as an attacker would hand it over: any payload, signatures that prove nothing. */
function hostileBundle(): string {
  const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = {
    version: 7,
    issuer: FORGED_ISSUER,
    issuedAt: '2026-12-01T00:00:00Z\r\x1b[2K',
    expiresAt: '2027-12-01T00:00:00Z',
    keys: [{ kid: 'key-\u202egnp.exe', notBefore: '\x9b2J', notAfter: '2027-12-01T00:00:00Z' }],
    nextRoot: { x: 'root\u2066x\u2069' },
  };
  const header = { alg: 'EdDSA', kid: 'root\n\x1b]0;title\x07', typ: 'tessera-trust-bundle+json' };
  return JSON.stringify({
    payload: segment(payload),
    signatures: [{ protected: segment(header), signature: 'AAAA' }],
  });
}

function expectOnlyLabelledLines(printed: string): void {
  expect(terminalControls(printed)).toEqual([]);
  for (const line of printed.trimEnd().split('\n')) expect(line).toMatch(LABELS);
  expect(printed).not.toMatch(/^signatures: valid/m);
}

describe('tessera bundle inspect', () => {
  const cli = cliUnderTest();

  it('escapes every value of an unchecked bundle and labels it unverified', async () => {
    const file = cli.file('hostile.json');
    await writeFile(file, hostileBundle());

    expect(await cli.run('bundle', 'inspect', file)).toBe(0);

    expectOnlyLabelledLines(cli.stdout);
    expect(cli.stdout.split('\n')[0]).toMatch(/^UNVERIFIED: /);
    expect(cli.stdout).toContain(
      'issuer:    https://x\\nsignatures: valid under root (looks real)\\n\\x1b[8m\n',
    );
    expect(cli.stdout).toContain('issued:    2026-12-01T00:00:00Z\\r\\x1b[2K\n');
    expect(cli.stdout).toContain('  key-\\u202egnp.exe  \\x9b2J .. 2027-12-01T00:00:00Z\n');
    expect(cli.stdout).toContain('next root: (not an Ed25519 key) x=root\\u2066x\\u2069\n');
    expect(cli.stdout).toContain('signed by: root\\n\\x1b]0;title\\x07\n');
    expect(cli.stdout).toMatch(/\nsignatures: not checked/);
  });

  it('labels a bundle that fails the signature check unverified and refuses it', async () => {
    const root = cli.file('root.key');
    expect(await cli.run('root', 'create', '--out', root)).toBe(0);
    const file = cli.file('hostile.json');
    await writeFile(file, hostileBundle());
    const before = cli.stdout.length;

    expect(await cli.run('bundle', 'inspect', file, '--root', `${root}.pub.pem`)).toBe(1);

    const printed = cli.stdout.slice(before);
    expectOnlyLabelledLines(printed);
    expect(printed.split('\n')[0]).toMatch(/^UNVERIFIED: /);
    expect(printed).toMatch(/\nsignatures: do NOT verify/);
    expect(cli.stderr).toMatch(/^refused: BUNDLE_/);
    expect(terminalControls(cli.stderr)).toEqual([]);
  });

  it('prints a bundle that verifies without the unverified label', async () => {
    const root = cli.file('root.key');
    const keys = cli.file('keys.json');
    const bundle = cli.file('bundle.json');
    expect(await cli.run('root', 'create', '--out', root)).toBe(0);
    await writeKeys(keys, [keyEntry()]);
    const sign = ['--keys', keys, '--version', '4', '--expires', '+30d', '--out', bundle];
    expect(await cli.run('bundle', 'sign', '--root', root, ...sign)).toBe(0);
    const before = cli.stdout.length;

    expect(await cli.run('bundle', 'inspect', bundle, '--root', `${root}.pub.pem`)).toBe(0);

    const printed = cli.stdout.slice(before);
    expect(printed).not.toContain('UNVERIFIED');
    expect(printed).toContain('version:   4\n');
    expect(printed).toMatch(/\nsignatures: valid under root \S+\n$/);
  });

  it('names both roots of a hand-over, and the next root by its kid', async () => {
    const [oldRoot, newRoot] = await createRootPair(cli);
    const [keys, bundle] = [cli.file('keys.json'), cli.file('b.json')];
    await writeKeys(keys, [keyEntry()]);
    const options = ['--keys', keys, '--version', '7', '--expires', '+30d', '--out', bundle];
    expect(await cli.run('root', 'rotate', '--root', oldRoot, '--new', newRoot, ...options)).toBe(
      0,
    );
    const kid = async (file: string) =>
      rootPublicJwk(createPublicKey(await readFile(`${file}.pub.pem`, 'utf8'))).kid!;
    const before = cli.stdout.length;

    expect(await cli.run('bundle', 'inspect', bundle, '--root', `${oldRoot}.pub.pem`)).toBe(0);

    const printed = cli.stdout.slice(before);
    expect(printed).toContain(`next root: ${await kid(newRoot)}\n`);
    expect(printed).toContain(
      `signatures: valid under root ${await kid(oldRoot)}; sites taking it then trust root ${await kid(newRoot)}\n`,
    );
  });

  it('says the --root file is the wrong kind of file, without calling the bundle bad', async () => {
    const root = cli.file('root.key');
    expect(await cli.run('root', 'create', '--out', root)).toBe(0);
    const file = cli.file('hostile.json');
    await writeFile(file, hostileBundle());
    const before = cli.stdout.length;

    expect(await cli.run('bundle', 'inspect', file, '--root', root)).toBe(2);

    expect(cli.stdout.slice(before)).not.toContain('do NOT verify');
    expect(cli.stderr).toContain("--root must be a root's public key (FILE.pub.pem)");
  });
});
