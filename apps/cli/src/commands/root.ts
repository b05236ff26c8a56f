import { readFile } from 'node:fs/promises';

import {
  createTrustBundle,
  generateRootKey,
  rootPublicJwk,
} from '../../../../libs/tokens/src/index.js';
import { dateOption, readOptions, required, UsageError } from '../args.js';
import { readKeysForBundle } from '../key-export.js';
import { NEW_ROOT_PASSPHRASE, openRootKey, ROOT_PASSPHRASE, saveRootKey } from '../root-file.js';
import { bundleVersion, writeCheckedBundle } from '../signed-bundle.js';
import type { CommandContext } from './context.js';

/** `root create --out FILE`: a new Ed25519 root key, encrypted under a passphrase. */
export async function rootCreate(argv: readonly string[], context: CommandContext): Promise<void> {
  const options = readOptions(argv, ['out']);
  const out = required(options, 'out');
  const kid = await saveRootKey(out, generateRootKey(), ROOT_PASSPHRASE);
  context.print(`root key ${kid}\n  private (encrypted): ${out}\n  public: ${out}.pub.pem\n`);
}

/**
 * `root rotate --root OLD --new NEW --keys FILE --version N --expires DATE --out FILE`: the
 * bundle that moves sites from the old root to the new one, signed by both. NEW is made with
 * `root create` first; its passphrase comes from TESSERA_NEW_ROOT_PASSPHRASE or the terminal.
 */
export async function rootRotate(argv: readonly string[], context: CommandContext): Promise<void> {
  const options = readOptions(argv, ['root', 'new', 'keys', 'version', 'expires', 'issuer', 'out']);
  const { issuer, keys } = readKeysForBundle(await readFile(required(options, 'keys'), 'utf8'));
  const version = bundleVersion(options);
  const expiresAt = dateOption(options, 'expires', context.now);
  const out = required(options, 'out');
  const rootKey = await openRootKey(required(options, 'root'), ROOT_PASSPHRASE);
  const nextRootKey = await openRootKey(required(options, 'new'), NEW_ROOT_PASSPHRASE);
  if (rootPublicJwk(rootKey).kid === rootPublicJwk(nextRootKey).kid) {
    throw new UsageError('--new must be a different key from --root');
  }

  const bundle = createTrustBundle({
    version,
    issuer: options.get('issuer') ?? requireIssuer(issuer),
    issuedAt: context.now,
    expiresAt,
    keys,
    rootKey,
    nextRootKey,
  });
  // Checked as a site pinned to the old root would check it before it leaves the ceremony.
  await writeCheckedBundle(out, bundle, rootKey, context.now);
  context.print(
    `root rotation bundle v${version}: ${rootPublicJwk(rootKey).kid} -> ${rootPublicJwk(nextRootKey).kid}\n  ${out}\n`,
  );
}

export function requireIssuer(issuer: string | undefined): string {
  if (issuer === undefined) throw new UsageError('--issuer is required with a plain JWKS');
  return issuer;
}
