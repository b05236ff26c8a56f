import { isTrustBundleError, MAX_BUNDLE_VERSION } from '../../../libs/verifier/src/index.js';
import { bundleInspect, bundleSign } from './commands/bundle.js';
import type { CommandContext } from './commands/context.js';
import { rootCreate, rootRotate } from './commands/root.js';
import { printable } from './terminal-text.js';

const USAGE = `usage: tessera <command>
  root create   --out FILE
  root rotate   --root OLD --new NEW --keys FILE --version N --expires RFC3339-DATETIME|+Nd --out FILE
  bundle sign   --root FILE --keys FILE --version N --expires RFC3339-DATETIME|+Nd --out FILE [--issuer URL]
  bundle inspect FILE [--root ROOT.pub.pem]
  help          this text (also --help, -h)

--version: a whole number from 1 to ${MAX_BUNDLE_VERSION}, higher than the last bundle's.
--expires: a date-time with an explicit offset, such as 2027-06-30T00:00:00Z or
  2027-06-30T02:00:00+02:00, or +Nd for N days from now, such as +90d.
--keys: the JSON of GET /v1/admin/signing-keys, or a JWKS whose keys carry notBefore/notAfter
  (RFC 3339 date-times with an offset).
Passphrases: TESSERA_ROOT_PASSPHRASE, TESSERA_NEW_ROOT_PASSPHRASE, or typed at the terminal.
`;

const HELP = new Set(['help', '--help', '-h']);

type Command = (argv: readonly string[], context: CommandContext) => Promise<void>;

const COMMANDS: Readonly<Record<string, Command>> = {
  'root create': rootCreate,
  'root rotate': rootRotate,
  'bundle sign': bundleSign,
  'bundle inspect': bundleInspect,
};

/**
 * Runs one command; 0 done, 1 refused (a bundle that does not verify), 2 usage or I/O error.
 * Error text may quote a bundle or an option, so it is escaped before it reaches the terminal.
 */
export async function runCli(argv: readonly string[], context: CommandContext): Promise<number> {
  if (argv.length === 1 && HELP.has(argv[0] as string)) {
    context.print(USAGE);
    return 0;
  }
  const command = COMMANDS[argv.slice(0, 2).join(' ')];
  if (command === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    await command(argv.slice(2), context);
    return 0;
  } catch (error) {
    if (isTrustBundleError(error)) {
      process.stderr.write(`refused: ${error.code}: ${printable(error.message)}\n`);
      return 1;
    }
    const detail = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${printable(detail)}\n`);
    return 2;
  }
}
