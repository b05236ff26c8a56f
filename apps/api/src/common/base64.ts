import { ServiceError } from './service-error.js';

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes base64url (no padding) or standard base64, strictly: stray characters are refused. */
export function decodeBase64Field(field: string, value: string): Buffer {
  if (BASE64URL.test(value)) return Buffer.from(value, 'base64url');
  if (BASE64.test(value) && value.length % 4 === 0) return Buffer.from(value, 'base64');
  throw new ServiceError('MALFORMED_BASE64', `${field} is not valid base64 or base64url`);
}
