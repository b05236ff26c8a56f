/** Every value of each header, as node:http's `headersDistinct` gives them. */
export type DistinctHeaders = Readonly<Record<string, readonly string[] | undefined>>;

/** Which proxy is asking, chosen by the sidecar path it calls (never guessed from headers). */
export type ProxyDialect = 'nginx' | 'traefik' | 'envoy';

/** The request the client sent to the proxy, as the proof must name it. */
export interface OriginalRequest {
  readonly method: string;
  /** Absolute URL: origin plus the path and query the client sent. */
  readonly url: string;
}

/** Longest original path and query accepted, in characters. */
export const MAX_ORIGINAL_URI_LENGTH = 8192;

/** Path prefix of the Envoy route: Envoy appends the original path to it (`path_prefix`). */
export const ENVOY_PATH_PREFIX = '/envoy';

const METHOD = /^[A-Z]{1,16}$/;
const MAX_METHOD_LENGTH = 16;
const ORIGIN_FORM = /^\/[\x21-\x7e]*$/;

/** The forwarded request could not be read: a proxy configuration error, never admitted. */
export class ForwardedRequestError extends Error {
  override readonly name = 'ForwardedRequestError';
  readonly code = 'FORWARDED_REQUEST_INVALID';
}

/**
 * Rebuilds the client's request from what each proxy forwards:
 * - nginx `auth_request`: X-Original-Method and X-Original-URI, set in the nginx config;
 * - Traefik ForwardAuth: X-Forwarded-Method and X-Forwarded-Uri, set by Traefik;
 * - Envoy HTTP ext_authz: the check request keeps the original method, and its path is
 *   `path_prefix` followed by the original path and query. `x-envoy-original-path` is never
 *   read: a route rewrite sets it, but a client can send it too.
 * The origin is the configured one: the Host a client sends is its own choice, so it never
 * makes the URL, it only selects among several configured origins (X-Forwarded-Host for
 * nginx and Traefik, Host for Envoy). An unknown host gives an empty URL, which the verifier
 * refuses as PROOF_URL_MISMATCH.
 */
// What is tested: nginx behind Debian's real nginx (nginx.e2e.spec.ts); Traefik and Envoy by
// their check requests rebuilt header for header from their documentation, with query
// strings, Host selection and Envoy's x-envoy-original-path (proxy-dialects.spec.ts). What
// is not: the real Traefik and Envoy binaries, for which this environment's package sources
// offer no package; a proxy release that changes its forwarded headers would go unnoticed.
export function originalRequest(
  dialect: ProxyDialect,
  method: string | undefined,
  path: string,
  headers: DistinctHeaders,
  origins: PublicOrigins,
): OriginalRequest {
  const parts = forwardedParts(dialect, method, path, headers);
  const originalMethod = checked('method', parts.method, METHOD, MAX_METHOD_LENGTH);
  const uri = checked('path', parts.uri, ORIGIN_FORM, MAX_ORIGINAL_URI_LENGTH);
  const origin = originFor(origins, parts.host);
  return { method: originalMethod, url: origin === undefined ? '' : `${origin}${uri}` };
}

/** The origins clients address, checked at start; at least one. */
export type PublicOrigins = readonly [string, ...string[]];

interface ForwardedParts {
  readonly method: string | undefined;
  readonly uri: string | undefined;
  readonly host: string | undefined;
}

function forwardedParts(
  dialect: ProxyDialect,
  method: string | undefined,
  path: string,
  headers: DistinctHeaders,
): ForwardedParts {
  switch (dialect) {
    case 'nginx':
      return {
        method: single(headers, 'x-original-method'),
        uri: single(headers, 'x-original-uri'),
        host: single(headers, 'x-forwarded-host'),
      };
    case 'traefik':
      return {
        method: single(headers, 'x-forwarded-method'),
        uri: single(headers, 'x-forwarded-uri'),
        host: single(headers, 'x-forwarded-host'),
      };
    case 'envoy':
      return {
        method,
        uri: path.startsWith(`${ENVOY_PATH_PREFIX}/`)
          ? path.slice(ENVOY_PATH_PREFIX.length)
          : undefined,
        host: single(headers, 'host'),
      };
  }
}

function originFor(origins: PublicOrigins, host: string | undefined): string | undefined {
  if (origins.length === 1) {
    return origins[0];
  }
  const wanted = host?.toLowerCase();
  return origins.find((origin) => new URL(origin).host === wanted);
}

function checked(
  name: string,
  value: string | undefined,
  pattern: RegExp,
  maxLength: number,
): string {
  if (value === undefined || value.length > maxLength || !pattern.test(value)) {
    throw new ForwardedRequestError(`forwarded ${name} is missing or malformed`);
  }
  return value;
}

/** The value of a header; a repeated forwarding header is ambiguous and refused. */
function single(headers: DistinctHeaders, name: string): string | undefined {
  const values = headers[name];
  if (values !== undefined && values.length > 1) {
    throw new ForwardedRequestError(`${name} must appear once`);
  }
  return values?.[0];
}
