import type { VerifiedCaller } from '../../../libs/verifier/src/index.js';

/** Headers the sidecar answers with on success; the proxy passes them to the upstream. */
export const FACT_HEADERS = {
  installation: 'X-Tessera-Installation',
  app: 'X-Tessera-App',
  platform: 'X-Tessera-Platform',
  packageName: 'X-Tessera-Package',
  bundleId: 'X-Tessera-Bundle-Id',
  teamId: 'X-Tessera-Team-Id',
  version: 'X-Tessera-Version',
  environment: 'X-Tessera-Environment',
  tokenId: 'X-Tessera-Token-Id',
  keyThumbprint: 'X-Tessera-Key-Thumbprint',
  expiresAt: 'X-Tessera-Expires',
} as const;

/** Header carrying the failed check's code on a refusal. */
export const ERROR_HEADER = 'X-Tessera-Error';

/**
 * Every header name the sidecar answers with. A proxy must replace or remove each of them on
 * the request it passes upstream, so a client can never send its own under these names.
 */
export const TESSERA_HEADER_NAMES: readonly string[] = [
  ...Object.values(FACT_HEADERS),
  ERROR_HEADER,
];

/** Envoy's ext_authz HTTP service reads this header: the request headers to remove upstream. */
export const ENVOY_HEADERS_TO_REMOVE = 'x-envoy-auth-headers-to-remove';

const PLAIN_HEADER_VALUE = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

/**
 * The verified facts as header values. Values come from a vendor-signed token, but a header
 * must still never carry CR, LF or non-ASCII: anything outside printable ASCII is
 * percent-encoded (RFC 3986), so upstreams decode with decodeURIComponent when they must.
 */
export function factsHeaders(caller: VerifiedCaller): Record<string, string> {
  const { app } = caller;
  const facts: [string, string | undefined][] = [
    [FACT_HEADERS.installation, caller.installationId],
    [FACT_HEADERS.app, app.id],
    [FACT_HEADERS.platform, app.platform],
    [FACT_HEADERS.packageName, app.packageName],
    [FACT_HEADERS.bundleId, app.bundleId],
    [FACT_HEADERS.teamId, app.teamId],
    [FACT_HEADERS.version, app.version],
    [FACT_HEADERS.environment, app.environment],
    [FACT_HEADERS.tokenId, caller.tokenId],
    [FACT_HEADERS.keyThumbprint, caller.keyThumbprint],
    [FACT_HEADERS.expiresAt, caller.expiresAt.toISOString()],
  ];
  const headers: Record<string, string> = {};
  for (const [name, value] of facts) {
    if (value !== undefined && value !== '') {
      headers[name] = PLAIN_HEADER_VALUE.test(value) ? value : encodeURIComponent(value);
    }
  }
  return headers;
}

/**
 * For Envoy: the Tessera headers an admitted request does not carry facts for (an iOS app has
 * no package, an Android app no team), listed for removal, so that whatever a client sent
 * under those names never reaches the upstream. nginx and Traefik are configured to do this
 * themselves (README).
 */
export function envoyRemovalHeader(
  facts: Readonly<Record<string, string>>,
): Record<string, string> {
  const absent = TESSERA_HEADER_NAMES.filter((name) => facts[name] === undefined);
  return absent.length === 0 ? {} : { [ENVOY_HEADERS_TO_REMOVE]: absent.join(', ') };
}
