import { isBuildError } from './errors.js';
import { readFile } from 'node:fs/promises';

import { inspectBuild } from './inspect.js';
import { verifyProfile } from './ios/profile.js';

const USAGE = 'usage: npm run inspect -- FILE   (an .apk, .aab, .ipa or .mobileprovision)';

/** Prints a build's identity facts as JSON; a refused build exits 1 with its code on stderr. */
async function main(argv: readonly string[]): Promise<number> {
  const [file, ...rest] = argv;
  if (file === undefined || rest.length > 0 || file.startsWith('-')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const facts = file.endsWith('.mobileprovision')
      ? verifyProfile(await readFile(file)).facts
      : await inspectBuild(file);
    process.stdout.write(`${JSON.stringify(facts, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (isBuildError(error)) {
      process.stderr.write(`refused: ${error.code}: ${error.message}\n`);
      return 1;
    }
    const detail = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${detail}\n`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
