export { TesseraClient, type TesseraClientOptions, type TesseraClientState } from './client.js';
export { TesseraClientError, type TesseraClientErrorCode } from './errors.js';
export type {
  AndroidPlatformAttestation,
  EcPublicJwk,
  IosPlatformAttestation,
  PlatformAttestation,
  ProofKeySigner,
} from './platform.js';
export {
  accessTokenHash,
  androidRefreshProof,
  dpopProof,
  enrolmentClientDataHash,
  jwkThumbprint,
  refreshClientDataHash,
  signCompactJws,
  targetUri,
  thumbprintInput,
} from './protocol.js';
export type { TokenResponse } from './service-api.js';
