import { readFile } from 'node:fs/promises';

import { bundlePayload, cliUnderTest, exists, keyEntry, writeKeys } from './cli-harness.js';

describe('tessera dates', () => {
  const cli = cliUnderTest();
  let bundles = 0;

  /** Signs a bundle expiring at `expires` over `entries`; the root is made on first use. */
  const sign = async (expires: string, entries: unknown[] = [keyEntry()]) => {
    const [root, keys] = [cli.file('root.key'), cli.file('keys.json')];
    const out = cli.file(`bundle-${(bundles += 1)}.json`);
    if (!(await exists(root))) expect(await cli.run('root', 'create', '--out', root)).toBe(0);
    await writeKeys(keys, entries);
    const options = ['--keys', keys, '--version', '1', '--expires', expires, '--out', out];
    return { code: await cli.run('bundle', 'sign', '--root', root, ...options), out };
  };

  it.each([
    ['2027-02-30T00:00:00Z', 'a day February does not have'],
    ['2026-02-29T00:00:00Z', 'February 29 outside a leap year'],
    ['2027-13-01T00:00:00Z', 'month 13'],
    ['2027-06-30T24:00:00Z', 'hour 24'],
    ['2027-06-30T23:60:00Z', 'minute 60'],
    ['2027-06-30T23:59:60Z', 'a leap second'],
    ['2027-06-30T00:00:00', 'no offset'],
    ['2027-06-30', 'no time'],
    ['2027-06-30 00:00:00Z', 'no T'],
    ['Wed, 30 Jun 2027 00:00:00 GMT', 'another format'],
    ['+0d', 'zero days'],
    ['+1w', 'a unit other than days'],
  ])('--expires %s (%s) is a usage error and writes nothing', async (expires) => {
    const { code, out } = await sign(expires);
    expect(code).toBe(2);
    expect(cli.stderr).toBe(
      `error: --expires must be an RFC 3339 date-time with an offset (2027-06-30T00:00:00Z) or +Nd, got "${expires}"\n`,
    );
    expect(await exists(out)).toBe(false);
  });

  it('quotes a refused --expires with its control characters escaped', async () => {
    expect((await sign('2027-06-30T00:00:00Z\n\x1b[2J')).code).toBe(2);
    expect(cli.stderr).toContain('got "2027-06-30T00:00:00Z\\n\\x1b[2J"\n');
    expect(cli.stderr).not.toContain('\x1b');
  });

  it('takes a date-time with an offset as that instant, and +Nd as days from now', async () => {
    const withOffset = await sign('2027-06-30T02:00:00.250+02:00');
    expect(withOffset.code).toBe(0);
    expect(bundlePayload(await readFile(withOffset.out, 'utf8')).expiresAt).toBe(
      '2027-06-30T00:00:00Z',
    );
    const leapDay = await sign('2028-02-29T00:00:00Z');
    expect(leapDay.code).toBe(0);
    expect(bundlePayload(await readFile(leapDay.out, 'utf8')).expiresAt).toBe(
      '2028-02-29T00:00:00Z',
    );
    const relative = await sign('+90d');
    expect(relative.code).toBe(0);
    expect(bundlePayload(await readFile(relative.out, 'utf8')).expiresAt).toBe(
      '2027-03-03T12:00:00Z',
    );
  });

  it.each([
    ['notBefore', '2026-01-01T00:00:00'],
    ['notBefore', '2026-12-01'],
    ['notAfter', '2027-02-30T00:00:00Z'],
    ['notAfter', 1_800_000_000_000],
  ])('a --keys %s of %j is a usage error naming the entry', async (field, value) => {
    const retired = keyEntry({ inCirculation: false });
    const { code, out } = await sign('+30d', [retired, keyEntry(), keyEntry({ [field]: value })]);
    expect(code).toBe(2);
    expect(cli.stderr).toBe(
      `error: --keys entry 2 ${field} must be an RFC 3339 date-time with an offset, such as 2027-06-30T00:00:00Z\n`,
    );
    expect(await exists(out)).toBe(false);
  });

  it('refuses a --keys window that ends before it starts, naming the entry', async () => {
    const backwards = keyEntry({
      notBefore: '2027-12-01T00:00:00Z',
      notAfter: '2026-12-01T00:00:00Z',
    });
    const { code, out } = await sign('+30d', [keyEntry({ inCirculation: false }), backwards]);
    expect(code).toBe(2);
    expect(cli.stderr).toBe('error: --keys entry 1 notAfter must be after notBefore\n');
    expect(await exists(out)).toBe(false);
  });

  it('reads --keys windows with an offset as the instants they name', async () => {
    const entry = keyEntry({
      notBefore: '2026-12-01T09:30:00+05:30',
      notAfter: '2027-12-01T00:00:00.000Z',
    });
    const { code, out } = await sign('+30d', [entry]);
    expect(code).toBe(0);
    const { keys } = bundlePayload(await readFile(out, 'utf8')) as {
      keys: { notBefore: string; notAfter: string }[];
    };
    expect(keys.map(({ notBefore, notAfter }) => [notBefore, notAfter])).toEqual([
      ['2026-12-01T04:00:00Z', '2027-12-01T00:00:00Z'],
    ]);
  });
});
