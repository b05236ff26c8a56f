import { sha256 } from './bytes.js';

/** SHA-256 of the client data, as an app computes the clientDataHash it passes to App Attest. */
export function appAttestClientDataHash(clientData: Uint8Array): Uint8Array {
  if (!(clientData instanceof Uint8Array)) {
    throw new TypeError('clientData must be a Uint8Array');
  }
  return sha256(clientData);
}
