import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = 1;

/** AES-256-GCM: version byte, 12-byte IV, ciphertext, 16-byte tag. The kid is bound as AAD. */
export function encryptPrivateKey(kek: Buffer, kid: string, plaintext: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(kid, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(FORMAT_VERSION), iv, body, cipher.getAuthTag()]);
}

export function decryptPrivateKey(kek: Buffer, kid: string, sealed: Buffer): Buffer {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT_VERSION) {
    throw new Error(`signing key ${kid}: unknown ciphertext format`);
  }
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', kek, iv);
  decipher.setAAD(Buffer.from(kid, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(1 + IV_BYTES, -TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new Error(
      `signing key ${kid} cannot be decrypted with the configured key-encryption key`,
    );
  }
}

/**
 * Without a configured key-encryption key (development only), one is kept in the data folder,
 * readable by the owner alone. Production refuses to start without a configured key.
 */
export async function loadOrCreateKeyFile(dataDir: string): Promise<Buffer> {
  const path = join(dataDir, 'key-encryption.key');
  try {
    const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
    if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte key`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return key;
}
