import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import {
  decryptRootKey,
  encryptRootKey,
  passphraseWeakness,
  RootKeyFileError,
  rootPublicJwk,
} from '../../../libs/tokens/src/index.js';
import { UsageError } from './args.js';
import { writeNewFiles } from './new-files.js';
import { readPassphrase } from './passphrase.js';

export const ROOT_PASSPHRASE = 'TESSERA_ROOT_PASSPHRASE';
export const NEW_ROOT_PASSPHRASE = 'TESSERA_NEW_ROOT_PASSPHRASE';

/** Opens an encrypted root key file with the passphrase from `variable` or the terminal. */
export async function openRootKey(path: string, variable: string): Promise<KeyObject> {
  const text = await readFile(path, 'utf8');
  const passphrase = await readPassphrase(variable, `passphrase for ${path}: `);
  try {
    return await decryptRootKey(text, passphrase);
  } catch (error) {
    if (error instanceof RootKeyFileError) {
      throw new UsageError(`${path}: ${error.message} (${error.code})`);
    }
    throw error;
  }
}

/**
 * Writes the encrypted private key (owner-only) and its public half beside it as
 * `FILE.pub.pem`: the value of TESSERA_ROOT_PUBLIC_KEY and of the sites' `rootPublicKey`.
 * Both paths are claimed before either is written, never over an existing file; on any
 * failure neither file is left behind.
 */
export async function saveRootKey(path: string, key: KeyObject, variable: string): Promise<string> {
  const passphrase = await readPassphrase(variable, `new passphrase for ${path}: `);
  const weakness = passphraseWeakness(passphrase);
  if (weakness !== undefined) throw new UsageError(weakness);
  const publicPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string;
  await writeNewFiles([
    { path, text: await encryptRootKey(key, passphrase), mode: 0o600 },
    { path: `${path}.pub.pem`, text: publicPem, mode: 0o644 },
  ]);
  return rootPublicJwk(key).kid as string;
}
