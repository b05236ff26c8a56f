export {
  DPOP_TYPE,
  TOKEN_ALGORITHM,
  TOKEN_TYPE,
  type AppFacts,
  type AppPlatform,
  type AttestationTokenClaims,
  type AttestationTokenHeader,
  type Confirmation,
} from './claims.js';
export { publicConfirmationJwk } from './confirmation-key.js';
export {
  accessTokenHash,
  createDpopProof,
  dpopTargetUri,
  type CreateDpopProofInput,
  type DpopAlgorithm,
} from './dpop.js';
export {
  issueAttestationToken,
  MAX_AUDIENCES,
  MAX_TOKEN_LIFETIME_SECONDS,
  type IssueAttestationTokenInput,
} from './issue.js';
export { publicJwks, type PublicJwks } from './jwks.js';
export { generateSigningKey, signingKeyFrom, type SigningKey } from './signing-key.js';
export { jwkThumbprint } from './thumbprint.js';
export {
  createRefreshProof,
  REFRESH_PROOF_TYPE,
  type CreateRefreshProofInput,
} from './refresh-proof.js';
export * from './bundle/index.js';
export * from './attestation-pop.js';
