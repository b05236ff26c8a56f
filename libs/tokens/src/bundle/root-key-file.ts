/**
 * The container of an offline root key file, version 1: a JSON object naming its format, the
 * scrypt parameters and salt, and the AES-256-GCM nonce, ciphertext and tag over the key's
 * PKCS#8 DER. Everything but the ciphertext and tag is authenticated as associated data, so
 * a parameter or the recorded kid cannot be changed without decryption failing.
 */
export const ROOT_KEY_FILE_FORMAT = 'tessera-root-key';
export const ROOT_KEY_FILE_VERSION = 1;

/** scrypt cost: N (a power of two), r and p (RFC 7914 §2). */
export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** 2^17 x 8 x 128 bytes = 128 MiB per derivation, about a second on one core. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
/** Files below this cost are refused: a file made weaker by hand is not opened. */
export const MIN_SCRYPT_COST: ScryptCost = DEFAULT_SCRYPT_COST;
/** Bounds on what a file may ask for, so a crafted file cannot exhaust memory or time. */
export const MAX_SCRYPT_LOG2_N = 20;
export const MAX_SCRYPT_R = 32;
export const MAX_SCRYPT_P = 16;
/** Memory one derivation may use (128 x N x r bytes), with room for node's bookkeeping. */
export const MAX_SCRYPT_MEMORY_BYTES = 1024 * 1024 * 1024;

export const SALT_BYTES = 16;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
/** Largest file read; an Ed25519 key file is about 400 characters. */
export const MAX_ROOT_KEY_FILE_BYTES = 4096;
const MAX_CIPHERTEXT_BYTES = 256;

/** Why a root key file was refused. Stable: scripts may match on them. */
export type RootKeyFileErrorCode =
  /** Not a JSON root key file of the expected shape, or a field that does not parse. */
  | 'ROOT_KEY_FILE_MALFORMED'
  /** A format version this code does not know. */
  | 'ROOT_KEY_FILE_VERSION_UNSUPPORTED'
  /** scrypt parameters below the floor, or above the bounds. */
  | 'ROOT_KEY_FILE_PARAMETERS_REFUSED'
  /** Authentication failed: a wrong passphrase, or a file that was altered. */
  | 'ROOT_KEY_FILE_DECRYPTION_FAILED'
  /** Decrypted, but not the Ed25519 key the file says it holds. */
  | 'ROOT_KEY_FILE_KEY_INVALID';

export class RootKeyFileError extends Error {
  override readonly name = 'RootKeyFileError';

  constructor(
    readonly code: RootKeyFileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The parsed container; byte fields decoded. */
export interface RootKeyFile {
  readonly kid: string;
  readonly cost: ScryptCost;
  readonly salt: Buffer;
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

const MEMBERS = 'cipher,ciphertext,format,kdf,kid,nonce,salt,tag,version';
const KID = /^[A-Za-z0-9_-]{43}$/;

/** The bytes authenticated alongside the ciphertext: every member but ciphertext and tag. */
export function associatedData(file: Omit<RootKeyFile, 'ciphertext' | 'tag'>): Buffer {
  const { N, r, p } = file.cost;
  const header = [ROOT_KEY_FILE_FORMAT, ROOT_KEY_FILE_VERSION, file.kid, 'scrypt', N, r, p];
  const bytes = [file.salt.toString('base64url'), 'aes-256-gcm', file.nonce.toString('base64url')];
  return Buffer.from(JSON.stringify([...header, ...bytes]), 'utf8');
}

export function serialiseRootKeyFile(file: RootKeyFile): string {
  const { N, r, p } = file.cost;
  const document = {
    format: ROOT_KEY_FILE_FORMAT,
    version: ROOT_KEY_FILE_VERSION,
    kid: file.kid,
    kdf: { name: 'scrypt', N, r, p },
    salt: file.salt.toString('base64url'),
    cipher: 'aes-256-gcm',
    nonce: file.nonce.toString('base64url'),
    ciphertext: file.ciphertext.toString('base64url'),
    tag: file.tag.toString('base64url'),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Reads the container strictly: format, then version, then cost, then every byte field. */
export function parseRootKeyFile(text: string): RootKeyFile {
  if (typeof text !== 'string') {
    throw new TypeError('the root key file must be given as a string');
  }
  const document = text.length <= MAX_ROOT_KEY_FILE_BYTES ? jsonObject(text) : undefined;
  if (document?.format !== ROOT_KEY_FILE_FORMAT) {
    throw malformed(
      `the root key file must be a JSON object with format "${ROOT_KEY_FILE_FORMAT}"`,
    );
  }

  if (document.version !== ROOT_KEY_FILE_VERSION) {
    throw new RootKeyFileError(
      'ROOT_KEY_FILE_VERSION_UNSUPPORTED',
      `root key file version must be ${ROOT_KEY_FILE_VERSION}`,
    );
  }

  if (Object.keys(document).sort().join() !== MEMBERS || document.cipher !== 'aes-256-gcm') {
    throw malformed(`the root key file must hold exactly ${MEMBERS}, cipher aes-256-gcm`);
  }
  if (typeof document.kid !== 'string' || !KID.test(document.kid)) {
    throw malformed('root key file kid must be a JWK thumbprint');
  }

  const cost = scryptCost(document.kdf);

  return {
    kid: document.kid,
    cost,
    salt: bytes(document.salt, 'salt', SALT_BYTES, SALT_BYTES),
    nonce: bytes(document.nonce, 'nonce', NONCE_BYTES, NONCE_BYTES),
    ciphertext: bytes(document.ciphertext, 'ciphertext', 1, MAX_CIPHERTEXT_BYTES),
    tag: bytes(document.tag, 'tag', TAG_BYTES, TAG_BYTES),
  };
}

/** Checks a cost against the floor and the bounds; `fail` makes the error for the caller. */
export function checkScryptCost(cost: ScryptCost, fail: (reason: string) => Error): ScryptCost {
  const { N, r, p } = cost;
  const integers = [N, r, p].every((value) => Number.isSafeInteger(value) && value >= 1);
  if (!integers || (N & (N - 1)) !== 0 || N > 2 ** MAX_SCRYPT_LOG2_N) {
    throw fail(`scrypt N must be a power of two up to 2^${MAX_SCRYPT_LOG2_N}`);
  }
  if (N < MIN_SCRYPT_COST.N || r < MIN_SCRYPT_COST.r || p < MIN_SCRYPT_COST.p) {
    const floor = `N ${MIN_SCRYPT_COST.N}, r ${MIN_SCRYPT_COST.r}, p ${MIN_SCRYPT_COST.p}`;
    throw fail(`scrypt parameters must be at least ${floor}`);
  }
  if (r > MAX_SCRYPT_R || p > MAX_SCRYPT_P || scryptMemory(cost) > MAX_SCRYPT_MEMORY_BYTES) {
    throw fail(`scrypt r, p or memory exceed ${MAX_SCRYPT_R}, ${MAX_SCRYPT_P}, 1 GiB`);
  }
  return { N, r, p };
}

/** Memory scrypt needs for its large vector: 128 x N x r bytes. */
export function scryptMemory(cost: ScryptCost): number {
  return 128 * cost.N * cost.r;
}

function scryptCost(value: unknown): ScryptCost {
  const kdf = isObject(value) ? value : undefined;
  if (
    kdf === undefined ||
    Object.keys(kdf).sort().join() !== 'N,name,p,r' ||
    kdf.name !== 'scrypt'
  ) {
    throw malformed('root key file kdf must hold exactly name "scrypt", N, r and p');
  }
  return checkScryptCost(
    { N: kdf.N as number, r: kdf.r as number, p: kdf.p as number },
    (reason) => new RootKeyFileError('ROOT_KEY_FILE_PARAMETERS_REFUSED', reason),
  );
}

function bytes(value: unknown, name: string, min: number, max: number): Buffer {
  const decoded = typeof value === 'string' ? Buffer.from(value, 'base64url') : undefined;
  // Canonical base64url only: decoding must give back exactly the text.
  const canonical = decoded !== undefined && decoded.toString('base64url') === value;
  if (!canonical || decoded.length < min || decoded.length > max) {
    throw malformed(`root key file ${name} must be ${min}..${max} bytes of base64url`);
  }
  return decoded;
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(message: string): RootKeyFileError {
  return new RootKeyFileError('ROOT_KEY_FILE_MALFORMED', message);
}
