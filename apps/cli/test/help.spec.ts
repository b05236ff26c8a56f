import { cliUnderTest } from './cli-harness.js';

describe('tessera usage', () => {
  const cli = cliUnderTest();

  it.each([['--help'], ['-h'], ['help']])(
    '%s prints the usage to stdout and exits 0',
    async (flag) => {
      expect(await cli.run(flag)).toBe(0);
      expect(cli.stdout).toMatch(/^usage: tessera <command>\n/);
      expect(cli.stdout).toContain('--expires RFC3339-DATETIME|+Nd');
      expect(cli.stdout).toContain('2027-06-30T00:00:00Z');
      expect(cli.stderr).toBe('');
    },
  );

  it.each([[[]], [['bundle', 'frobnicate']], [['--version']]])(
    '%j prints the usage to stderr and exits 2',
    async (argv) => {
      expect(await cli.run(...argv)).toBe(2);
      expect(cli.stderr).toMatch(/^usage: tessera <command>\n/);
      expect(cli.stdout).toBe('');
    },
  );
});
