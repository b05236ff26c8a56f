import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { createTrustBundle, rootPublicJwk } from '../../../../libs/tokens/src/index.js';
import { acceptTrustBundle, isTrustBundleError } from '../../../../libs/verifier/src/index.js';
import { dateOption, readOptions, required, UsageError } from '../args.js';
import { readKeysForBundle } from '../key-export.js';
import { openRootKey, ROOT_PASSPHRASE } from '../root-file.js';
import { bundleVersion, writeCheckedBundle } from '../signed-bundle.js';
import type { CommandContext } from './context.js';
import { describeBundle } from './describe.js';
import { requireIssuer } from './root.js';

/** `bundle sign --root FILE --keys FILE --version N --expires DATE --out FILE [--issuer URL]`. */
export async function bundleSign(argv: readonly string[], context: CommandContext): Promise<void> {
  const options = readOptions(argv, ['root', 'keys', 'version', 'expires', 'issuer', 'out']);
  const { issuer, keys } = readKeysForBundle(await readFile(required(options, 'keys'), 'utf8'));
  const version = bundleVersion(options);
  const expiresAt = dateOption(options, 'expires', context.now);
  const out = required(options, 'out');
  const rootKey = await openRootKey(required(options, 'root'), ROOT_PASSPHRASE);

  const bundle = createTrustBundle({
    version,
    issuer: options.get('issuer') ?? requireIssuer(issuer),
    issuedAt: context.now,
    expiresAt,
    keys,
    rootKey,
  });
  await writeCheckedBundle(out, bundle, rootKey, context.now);
  context.print(
    `trust bundle v${version} with ${keys.length} key(s), signed by ${rootPublicJwk(rootKey).kid}\n  ${out}\n`,
  );
}

const UNVERIFIED = 'UNVERIFIED: the values below are only what the file claims';

/**
 * `bundle inspect FILE [--root PUBLIC_PEM]`: what a bundle says; with --root, whether it
 * verifies. Unless it verifies, its values are printed under an UNVERIFIED heading.
 */
export async function bundleInspect(
  argv: readonly string[],
  context: CommandContext,
): Promise<void> {
  const [file, ...rest] = argv;
  if (file === undefined || file.startsWith('--'))
    throw new UsageError('bundle inspect needs a FILE');
  const options = readOptions(rest, ['root']);
  const text = await readFile(file, 'utf8');
  const description = describeBundle(text);

  const root = options.get('root');
  if (root === undefined) {
    context.print(
      `${UNVERIFIED}\n${description}signatures: not checked (give --root ROOT.pub.pem to check them)\n`,
    );
    return;
  }
  const rootPublicKey = await readFile(root, 'utf8');
  let pinnedKid: string;
  try {
    pinnedKid = rootPublicJwk(createPublicKey(rootPublicKey)).kid as string;
  } catch {
    throw new UsageError(`--root must be a root's public key (FILE.pub.pem), not ${root}`);
  }
  let rootKid: string;
  try {
    ({ rootKid } = acceptTrustBundle(text, {
      rootPublicKey,
      now: context.now,
      state: undefined,
    }).bundle);
  } catch (error) {
    if (!isTrustBundleError(error)) throw error;
    context.print(
      `${UNVERIFIED}\n${description}signatures: do NOT verify under root ${pinnedKid} ` +
        '(a site that already took a hand-over to a newer root may still take it)\n',
    );
    throw error;
  }
  const handOver = rootKid === pinnedKid ? '' : `; sites taking it then trust root ${rootKid}`;
  context.print(`${description}signatures: valid under root ${pinnedKid}${handOver}\n`);
}
