export {
  BundleRefusedError,
  openBundleVerifier,
  type BundleRefusalCode,
  type BundleVerifier,
} from './bundle-verifier.js';
export { loadSidecarConfig, type SidecarConfig } from './config.js';
export {
  ENVOY_HEADERS_TO_REMOVE,
  ERROR_HEADER,
  FACT_HEADERS,
  factsHeaders,
  TESSERA_HEADER_NAMES,
} from './facts-headers.js';
export {
  ENVOY_PATH_PREFIX,
  ForwardedRequestError,
  originalRequest,
  type OriginalRequest,
  type ProxyDialect,
  type PublicOrigins,
} from './forwarded-request.js';
export { createSidecarServer, type SidecarServerOptions } from './server.js';
export { startSidecar, type RunningSidecar, type StartSidecarOptions } from './sidecar.js';
export {
  trustSourceFrom,
  type BundleTrustFiles,
  type JwksTrust,
  type TrustSource,
} from './trust.js';
