import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  scrypt,
  type KeyObject,
} from 'node:crypto';

import {
  associatedData,
  checkScryptCost,
  DEFAULT_SCRYPT_COST,
  NONCE_BYTES,
  parseRootKeyFile,
  RootKeyFileError,
  SALT_BYTES,
  scryptMemory,
  serialiseRootKeyFile,
  type ScryptCost,
} from './root-key-file.js';
import { rootPublicJwk } from './sign.js';

/** Shortest passphrase accepted for a root key file. */
export const MIN_PASSPHRASE_LENGTH = 16;

/** Fewest distinct characters in a passphrase: refuses `aaaaaaaaaaaaaaaa` and `1212…`. */
const MIN_DISTINCT_CHARACTERS = 8;

const KEY_BYTES = 32;

/** Creates a fresh Ed25519 root key. It is meant to live offline, encrypted. */
export function generateRootKey(): KeyObject {
  return generateKeyPairSync('ed25519').privateKey;
}

/** Why a passphrase is too weak, or undefined when it is acceptable. */
export function passphraseWeakness(passphrase: string): string | undefined {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    return `the passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters`;
  }
  if (new Set(passphrase).size < MIN_DISTINCT_CHARACTERS) {
    return `the passphrase must use at least ${MIN_DISTINCT_CHARACTERS} different characters`;
  }
  return undefined;
}

/**
 * The text of a root key file: the key's PKCS#8 DER under AES-256-GCM, with a key derived
 * from the passphrase by scrypt (`cost` at or above the floor; recorded in the file).
 */
export async function encryptRootKey(
  key: KeyObject,
  passphrase: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('key must be an Ed25519 private key');
  }
  const weakness = passphraseWeakness(passphrase);
  if (weakness !== undefined) {
    throw new TypeError(weakness);
  }
  checkScryptCost(cost, (reason) => new TypeError(reason));

  const header = {
    kid: rootPublicJwk(key).kid as string,
    cost,
    salt: randomBytes(SALT_BYTES),
    nonce: randomBytes(NONCE_BYTES),
  };
  const secret = await deriveKey(passphrase, header.salt, cost);
  const cipher = createCipheriv('aes-256-gcm', secret, header.nonce);
  cipher.setAAD(associatedData(header));
  const der = key.export({ type: 'pkcs8', format: 'der' });
  const ciphertext = Buffer.concat([cipher.update(der), cipher.final()]);
  der.fill(0);
  secret.fill(0);
  return serialiseRootKeyFile({ ...header, ciphertext, tag: cipher.getAuthTag() });
}

/**
 * Opens a root key file. Refuses, with a RootKeyFileError, a file of another format or
 * version, parameters below the floor (before any work), a wrong passphrase or an altered
 * file (the two cannot be told apart), and a key other than the Ed25519 key the file names.
 */
export async function decryptRootKey(text: string, passphrase: string): Promise<KeyObject> {
  const file = parseRootKeyFile(text);

  const secret = await deriveKey(passphrase, file.salt, file.cost);
  const decipher = createDecipheriv('aes-256-gcm', secret, file.nonce);
  decipher.setAAD(associatedData(file));
  decipher.setAuthTag(file.tag);
  let der: Buffer;
  try {
    der = Buffer.concat([decipher.update(file.ciphertext), decipher.final()]);
  } catch {
    throw new RootKeyFileError(
      'ROOT_KEY_FILE_DECRYPTION_FAILED',
      'the root key file cannot be decrypted: wrong passphrase, or the file was altered',
    );
  } finally {
    secret.fill(0);
  }

  const key = importEd25519(der);
  der.fill(0);
  if (key === undefined || rootPublicJwk(key).kid !== file.kid) {
    throw new RootKeyFileError(
      'ROOT_KEY_FILE_KEY_INVALID',
      'the root key file must hold the Ed25519 key its kid names',
    );
  }
  return key;
}

function importEd25519(der: Buffer): KeyObject | undefined {
  try {
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}

function deriveKey(passphrase: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  // node refuses above maxmem (32 MiB by default); allow what this cost needs, plus slack.
  const maxmem = scryptMemory(cost) * 2;
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, KEY_BYTES, { ...cost, maxmem }, (error, derived) =>
      error === null ? resolve(derived) : reject(error),
    );
  });
}
