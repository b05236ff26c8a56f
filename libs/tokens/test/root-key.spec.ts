import { generateKeyPairSync } from 'node:crypto';

import {
  decryptRootKey,
  encryptRootKey,
  generateRootKey,
  MIN_SCRYPT_COST,
  rootPublicJwk,
  RootKeyFileError,
  type RootKeyFileErrorCode,
} from '../src/index.js';

const PASSPHRASE = 'correct horse battery staple 2026';
// scrypt at the floor takes about a second per derivation.
jest.setTimeout(30_000);

async function refusal(text: string, passphrase = PASSPHRASE): Promise<RootKeyFileErrorCode> {
  const error: unknown = await decryptRootKey(text, passphrase).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof RootKeyFileError)) {
    throw new Error(`expected a RootKeyFileError, got ${String(error)}`);
  }
  return error.code;
}

/** The file as JSON, changed by `edit`, as text again. */
function edited(text: string, edit: (file: Record<string, unknown>) => void): string {
  const file = JSON.parse(text) as Record<string, unknown>;
  edit(file);
  return JSON.stringify(file);
}

/** Flips one bit of a base64url field. */
function flipped(field: unknown): string {
  const bytes = Buffer.from(field as string, 'base64url');
  bytes[0] = (bytes[0] as number) ^ 1;
  return bytes.toString('base64url');
}

describe('root key file', () => {
  const root = generateRootKey();
  let text: string;

  beforeAll(async () => {
    text = await encryptRootKey(root, PASSPHRASE);
  });

  it('records its format, scrypt parameters and kid, and never the key in clear', () => {
    const file = JSON.parse(text) as Record<string, unknown>;
    const der = root.export({ type: 'pkcs8', format: 'der' });

    expect(file).toMatchObject({
      format: 'tessera-root-key',
      version: 1,
      kid: rootPublicJwk(root).kid,
      kdf: { name: 'scrypt', N: 131072, r: 8, p: 1 },
      cipher: 'aes-256-gcm',
    });
    expect(Buffer.from(file.salt as string, 'base64url')).toHaveLength(16);
    expect(Buffer.from(file.nonce as string, 'base64url')).toHaveLength(12);
    expect(text).not.toContain(der.subarray(-32).toString('base64url'));
    expect(text).not.toContain(der.toString('base64'));
  });

  it('opens with the passphrase to the same key', async () => {
    const opened = await decryptRootKey(text, PASSPHRASE);

    expect(opened.type).toBe('private');
    expect(opened.export({ format: 'jwk' })).toEqual(root.export({ format: 'jwk' }));
  });

  it('uses a fresh salt and nonce for every file', async () => {
    const again = JSON.parse(await encryptRootKey(root, PASSPHRASE)) as Record<string, unknown>;
    const first = JSON.parse(text) as Record<string, unknown>;

    expect(again.salt).not.toBe(first.salt);
    expect(again.nonce).not.toBe(first.nonce);
  });

  it('records and uses a stronger cost than the default', async () => {
    const stronger = await encryptRootKey(root, PASSPHRASE, { ...MIN_SCRYPT_COST, p: 2 });

    expect(JSON.parse(stronger)).toMatchObject({ kdf: { p: 2 } });
    await expect(decryptRootKey(stronger, PASSPHRASE)).resolves.toBeDefined();
    expect(await refusal(edited(stronger, (file) => ((file.kdf as { p: number }).p = 3)))).toBe(
      'ROOT_KEY_FILE_DECRYPTION_FAILED',
    );
  });

  it('refuses a wrong passphrase with a clear code', async () => {
    expect(await refusal(text, 'correct horse battery staple 2027')).toBe(
      'ROOT_KEY_FILE_DECRYPTION_FAILED',
    );
    await expect(decryptRootKey(text, 'wrong but long passphrase')).rejects.toThrow(
      'wrong passphrase, or the file was altered',
    );
  });

  it.each([
    [
      'the ciphertext',
      (file: Record<string, unknown>) => (file.ciphertext = flipped(file.ciphertext)),
    ],
    ['tag', (file: Record<string, unknown>) => (file.tag = flipped(file.tag))],
    ['salt', (file: Record<string, unknown>) => (file.salt = flipped(file.salt))],
    ['nonce', (file: Record<string, unknown>) => (file.nonce = flipped(file.nonce))],
    [
      'the kid',
      (file: Record<string, unknown>) => (file.kid = rootPublicJwk(generateRootKey()).kid),
    ],
  ])('refuses a file whose %s was altered', async (_name, edit) => {
    expect(await refusal(edited(text, edit))).toBe('ROOT_KEY_FILE_DECRYPTION_FAILED');
  });

  it.each([
    [{ N: 2 ** 14, r: 8, p: 1 }],
    [{ N: 2 ** 16, r: 8, p: 1 }],
    [{ N: 2 ** 17, r: 4, p: 1 }],
    [{ N: 2 ** 17, r: 8, p: 0 }],
    [{ N: 2 ** 17 + 1, r: 8, p: 1 }],
    [{ N: 2 ** 21, r: 8, p: 1 }],
    [{ N: 2 ** 20, r: 16, p: 1 }],
    [{ N: 2 ** 17, r: 8, p: 17 }],
    [{ N: '131072', r: 8, p: 1 }],
  ])('refuses scrypt parameters %p before deriving anything', async (kdf) => {
    const weak = edited(text, (file) => (file.kdf = { name: 'scrypt', ...kdf }));
    const started = Date.now();

    expect(await refusal(weak)).toBe('ROOT_KEY_FILE_PARAMETERS_REFUSED');
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('refuses to write a file below the floor', async () => {
    await expect(encryptRootKey(root, PASSPHRASE, { N: 2 ** 14, r: 8, p: 1 })).rejects.toThrow(
      TypeError,
    );
  });

  it.each([
    [
      'another version',
      (file: Record<string, unknown>) => (file.version = 2),
      'VERSION_UNSUPPORTED',
    ],
    ['no version', (file: Record<string, unknown>) => delete file.version, 'VERSION_UNSUPPORTED'],
    ['another format', (file: Record<string, unknown>) => (file.format = 'x'), 'MALFORMED'],
    [
      'another kdf',
      (file: Record<string, unknown>) => (file.kdf = { name: 'pbkdf2' }),
      'MALFORMED',
    ],
    [
      'another cipher',
      (file: Record<string, unknown>) => (file.cipher = 'aes-256-cbc'),
      'MALFORMED',
    ],
    ['an extra member', (file: Record<string, unknown>) => (file.iterations = 1), 'MALFORMED'],
    ['a short salt', (file: Record<string, unknown>) => (file.salt = 'AAAA'), 'MALFORMED'],
    [
      'padded base64',
      (file: Record<string, unknown>) => (file.tag = `${String(file.tag)}=`),
      'MALFORMED',
    ],
  ])('refuses %s', async (_name, edit, code) => {
    expect(await refusal(edited(text, edit))).toBe(`ROOT_KEY_FILE_${code}`);
  });

  it('refuses the old PKCS#8 PEM and text that is not JSON', async () => {
    const pem = root.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: PASSPHRASE,
    }) as string;

    expect(await refusal(pem)).toBe('ROOT_KEY_FILE_MALFORMED');
    expect(await refusal('{"format":"tessera-root-key"')).toBe('ROOT_KEY_FILE_MALFORMED');
    expect(await refusal(' '.repeat(5000))).toBe('ROOT_KEY_FILE_MALFORMED');
  });

  it('refuses to encrypt anything but an Ed25519 private key, or under a weak passphrase', async () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

    await expect(encryptRootKey(p256, PASSPHRASE)).rejects.toThrow(TypeError);
    await expect(encryptRootKey(root, 'aaaaaaaaaaaaaaaaaaaa')).rejects.toThrow(TypeError);
  });
});
