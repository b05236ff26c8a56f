import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** Shortest passphrase accepted for a root key file. */
export const MIN_PASSPHRASE_LENGTH = 16;

/** Fewest distinct characters in a passphrase: refuses `aaaaaaaaaaaaaaaa` and `1212…`. */
const MIN_DISTINCT_CHARACTERS = 8;

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
 * PEM `ENCRYPTED PRIVATE KEY`: PKCS#8 under PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), which
 * OpenSSL and every JOSE library can read back.
 */
export function encryptRootKey(key: KeyObject, passphrase: string): string {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('key must be an Ed25519 private key');
  }
  const weakness = passphraseWeakness(passphrase);
  if (weakness !== undefined) {
    throw new TypeError(weakness);
  }
  // TODO(#4): OpenSSL's PBKDF2 default is 2048 iterations; node:crypto offers no way to raise
  // it or to choose scrypt, so the strength rests on the passphrase rule above.
  return key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
}

/** Reads a root key file; a wrong passphrase or another key type is refused. */
export function decryptRootKey(pem: string, passphrase: string): KeyObject {
  if (!pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
    throw new TypeError('the root key file must hold an encrypted PKCS#8 private key');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch {
    throw new TypeError('the root key file cannot be decrypted with this passphrase');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('the root key file must hold an Ed25519 key');
  }
  return key;
}
