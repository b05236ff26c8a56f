import { AttestationError } from '../errors.js';
import { isBytes } from './bytes.js';
import { MAX_APP_ID_LENGTH, MAX_CLIENT_DATA_HASH_BYTES } from './limits.js';

// Misuse by the calling code is a TypeError; only the device's evidence gets coded errors.

export function requireBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!isBytes(value)) {
    throw new TypeError(`${name} must be a Uint8Array`);
  }
}

export function requireAppId(value: unknown): asserts value is string {
  if (
    typeof value !== 'string' ||
    value.length > MAX_APP_ID_LENGTH ||
    !/^[A-Z0-9]{10}\.[^\s]+$/.test(value)
  ) {
    throw new TypeError('appId must be "<10-character team id>.<bundle id>"');
  }
}

export function requireDate(value: unknown, name: string): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`${name} must be a valid Date`);
  }
}

/** The clientDataHash comes from the app: bounded like any other evidence. */
export function checkClientDataHash(value: Uint8Array): void {
  if (value.length > MAX_CLIENT_DATA_HASH_BYTES) {
    throw new AttestationError(
      'EVIDENCE_TOO_LARGE',
      `clientDataHash: expected at most ${MAX_CLIENT_DATA_HASH_BYTES} bytes`,
    );
  }
}
