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
const ORIGIN_FORM = /^\/[\x21-\x7e]*$/;
const HOST =
  /^(?:[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$/;
const MAX_HOST_LENGTH = 261;

/** The forwarded request could not be read: a proxy configuration error, never admitted. */
export class ForwardedRequestError extends Error {
  override readonly name = 'ForwardedRequestError';
  readonly code = 'FORWARDED_REQUEST_INVALID';
}

/**
 * Rebuilds the client's request from what each proxy forwards:
 * - nginx `auth_request`: X-Original-Method and X-Original-URI, set in the nginx config;
 * - Traefik ForwardAuth: X-Forwarded-Method, -Proto, -Host and -Uri, set by Traefik;
 * - Envoy HTTP ext_authz: the check request keeps the original method, and its path is
 *   `path_prefix` followed by the original path.
 * The origin is `publicOrigin` when configured, else X-Forwarded-Proto and X-Forwarded-Host
 * (Host for Envoy), which the proxy must set itself rather than pass on from the client.
 */
export function originalRequest(
  dialect: ProxyDialect,
  method: string | undefined,
  path: string,
  headers: DistinctHeaders,
  publicOrigin: string | undefined,
): OriginalRequest {
  const parts = forwardedParts(dialect, method, path, headers);
  const originalMethod = checked('method', parts.method, METHOD);
  const uri = checked('path', parts.uri, ORIGIN_FORM, MAX_ORIGINAL_URI_LENGTH);
  const origin = publicOrigin ?? forwardedOrigin(parts.proto, parts.host);
  return { method: originalMethod, url: `${origin}${uri}` };
}

interface ForwardedParts {
  readonly method: string | undefined;
  readonly uri: string | undefined;
  readonly proto: string | undefined;
  readonly host: string | undefined;
}

function forwardedParts(
  dialect: ProxyDialect,
  method: string | undefined,
  path: string,
  headers: DistinctHeaders,
): ForwardedParts {
  const proto = single(headers, 'x-forwarded-proto');
  switch (dialect) {
    case 'nginx':
      return {
        method: single(headers, 'x-original-method'),
        uri: single(headers, 'x-original-uri'),
        proto,
        host: single(headers, 'x-forwarded-host'),
      };
    case 'traefik':
      return {
        method: single(headers, 'x-forwarded-method'),
        uri: single(headers, 'x-forwarded-uri'),
        proto,
        host: single(headers, 'x-forwarded-host'),
      };
    case 'envoy':
      return {
        method,
        uri: path.startsWith(`${ENVOY_PATH_PREFIX}/`)
          ? path.slice(ENVOY_PATH_PREFIX.length)
          : undefined,
        proto,
        host: single(headers, 'host'),
      };
  }
}

function forwardedOrigin(proto: string | undefined, host: string | undefined): string {
  if (proto !== 'http' && proto !== 'https') {
    throw new ForwardedRequestError('X-Forwarded-Proto must be http or https');
  }
  const checkedHost = checked('host', host, HOST, MAX_HOST_LENGTH);
  return `${proto}://${checkedHost}`;
}

function checked(
  name: string,
  value: string | undefined,
  pattern: RegExp,
  maxLength = Number.POSITIVE_INFINITY,
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
