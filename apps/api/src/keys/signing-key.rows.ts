import { generateSigningKey } from '../../../../libs/tokens/src/index.js';
import { decryptPrivateKey, encryptPrivateKey } from './key-encryption.js';
import { wholeSecondWindow } from './key-windows.js';
import type { SigningKeyEntity } from './signing-key.entity.js';

/** Serialises key creation and state changes across instances. */
export const SIGNING_KEY_LOCK_ID = 7_411_004;

export type NewSigningKeyRow = Pick<
  SigningKeyEntity,
  'kid' | 'publicJwk' | 'privateKeyCiphertext' | 'notBefore' | 'notAfter'
>;

/** A fresh Ed25519 key, encrypted under the key-encryption key, with its window. */
export function newSigningKeyRow(kek: Buffer, notBefore: Date, notAfter: Date): NewSigningKeyRow {
  const key = generateSigningKey();
  const pkcs8 = key.privateKey.export({ format: 'der', type: 'pkcs8' });
  const [start, end] = wholeSecondWindow(notBefore, notAfter);
  return {
    kid: key.kid,
    publicJwk: { ...key.publicJwk },
    privateKeyCiphertext: encryptPrivateKey(kek, key.kid, pkcs8),
    notBefore: start,
    notAfter: end,
  };
}

export function decryptKey(kek: Buffer, row: SigningKeyEntity): Buffer {
  return decryptPrivateKey(kek, row.kid, row.privateKeyCiphertext);
}
