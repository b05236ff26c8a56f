import { AttestationError } from '../errors.js';
import { bytesEqual } from './bytes.js';

export type AppAttestEnvironment = 'production' | 'development';

// Apple's validation step 8: the aaguid names the environment the key was attested in.
const AAGUID_PRODUCTION = aaguid('appattest');
const AAGUID_DEVELOPMENT = aaguid('appattestdevelop');

function aaguid(label: string): Uint8Array {
  const bytes = new Uint8Array(16);
  bytes.set(new TextEncoder().encode(label));
  return bytes;
}

export function environmentOf(value: Uint8Array): AppAttestEnvironment {
  if (bytesEqual(value, AAGUID_PRODUCTION)) {
    return 'production';
  }
  if (bytesEqual(value, AAGUID_DEVELOPMENT)) {
    return 'development';
  }
  throw new AttestationError(
    'ENVIRONMENT_MISMATCH',
    'authData.aaguid: expected an App Attest environment',
  );
}

export function isEnvironment(value: unknown): value is AppAttestEnvironment {
  return value === 'production' || value === 'development';
}
