import { isTrustBundleError } from '../../../libs/verifier/src/index.js';
import { bundleInspect, bundleSign } from './commands/bundle.js';
import type { CommandContext } from './commands/context.js';
import { rootCreate, rootRotate } from './commands/root.js';

const USAGE = `usage: tessera <command>
  root create   --out FILE
  root rotate   --root OLD --new NEW --keys FILE --version N --expires DATE|+Nd --out FILE
  bundle sign   --root FILE --keys FILE --version N --expires DATE|+Nd --out FILE [--issuer URL]
  bundle inspect FILE [--root ROOT.pub.pem]

--keys: the JSON of GET /v1/admin/signing-keys, or a JWKS whose keys carry notBefore/notAfter.
Passphrases: TESSERA_ROOT_PASSPHRASE, TESSERA_NEW_ROOT_PASSPHRASE, or typed at the terminal.`;

type Command = (argv: readonly string[], context: CommandContext) => Promise<void>;

const COMMANDS: Readonly<Record<string, Command>> = {
  'root create': rootCreate,
  'root rotate': rootRotate,
  'bundle sign': bundleSign,
  'bundle inspect': bundleInspect,
};

/** Runs one command; 0 done, 1 refused (a bundle that does not verify), 2 usage or I/O error. */
export async function runCli(argv: readonly string[], context: CommandContext): Promise<number> {
  const command = COMMANDS[argv.slice(0, 2).join(' ')];
  if (command === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    await command(argv.slice(2), context);
    return 0;
  } catch (error) {
    if (isTrustBundleError(error)) {
      process.stderr.write(`refused: ${error.code}: ${error.message}\n`);
      return 1;
    }
    const detail = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${detail}\n`);
    return 2;
  }
}
