import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import {
  isVerificationError,
  refusalResponse,
  type TesseraVerifier,
} from '../../../libs/verifier/src/index.js';
import { ClientTesseraHeaderError, refuseClientTesseraHeaders } from './client-headers.js';
import { ERROR_HEADER, envoyRemovalHeader, factsHeaders } from './facts-headers.js';
import {
  ENVOY_PATH_PREFIX,
  ForwardedRequestError,
  originalRequest,
  type OriginalRequest,
  type ProxyDialect,
  type PublicOrigins,
} from './forwarded-request.js';
import { pathOf, refusalLogLine, type RefusalEvent } from './refusal-log.js';

export interface SidecarServerOptions {
  readonly verifier: TesseraVerifier;
  readonly publicOrigins: PublicOrigins;
  readonly maxHeaderBytes: number;
  /** Where structured log lines go. */
  readonly log: (line: string) => void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;
/** Longer than nginx's and Envoy's upstream idle timeouts, so they close idle connections. */
const KEEP_ALIVE_TIMEOUT_MS = 75_000;

/**
 * The sidecar: `/nginx` (auth_request), `/traefik` (ForwardAuth) and `/envoy/...` (HTTP
 * ext_authz) answer 200 with the caller's facts as headers, or a refusal with the failed
 * check's code in the body and in X-Tessera-Error. `/healthz` is liveness. Bodies are never
 * read: everything the check needs is in the headers.
 */
export function createSidecarServer(options: SidecarServerOptions): Server {
  const server = createServer({ maxHeaderSize: options.maxHeaderBytes }, (req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      options.log(
        JSON.stringify({
          time: new Date().toISOString(),
          level: 'error',
          event: 'sidecar_error',
          error: error instanceof Error ? error.message : String(error),
        }),
      );
      if (!res.headersSent) {
        send(res, 500, {}, { error: 'SIDECAR_ERROR', message: 'internal error' });
      }
    });
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  return server;
}

async function handle(
  options: SidecarServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = req.url ?? '/';
  const dialect = dialectOf(path);
  if (dialect === undefined) {
    if (path === '/healthz') {
      send(res, 200, {}, { status: 'ok' });
    } else {
      send(res, 404, {}, { error: 'NOT_FOUND', message: 'no such sidecar route' });
    }
    return;
  }

  const requestId = requestIdOf(req);
  let original: OriginalRequest | undefined;
  try {
    refuseClientTesseraHeaders(req.rawHeaders);
    original = originalRequest(
      dialect,
      req.method,
      path,
      req.headersDistinct,
      options.publicOrigins,
    );
    const caller = await options.verifier.verifyRequest({
      authorization: joined(req.headersDistinct.authorization),
      dpop: req.headersDistinct.dpop,
      method: original.method,
      url: original.url,
    });
    const facts = factsHeaders(caller);
    send(res, 200, dialect === 'envoy' ? { ...facts, ...envoyRemovalHeader(facts) } : facts);
  } catch (error) {
    const refusal = refusalFor(error);
    const event: RefusalEvent = {
      code: refusal.code,
      message: refusal.message,
      status: refusal.status,
      dialect,
      requestId,
      ...(original !== undefined && { method: original.method, path: pathOf(original.url) }),
    };
    options.log(refusalLogLine(event, new Date()));
    send(
      res,
      refusal.status,
      { ...refusal.headers, [ERROR_HEADER]: refusal.code },
      {
        error: refusal.code,
        message: refusal.message,
      },
    );
  }
}

interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Verification failures map through the verifier's one table; proxy misconfiguration is a 400;
 * a client sending Tessera headers itself is refused like a bad credential.
 */
function refusalFor(error: unknown): Refusal {
  if (isVerificationError(error)) {
    const response = refusalResponse(error);
    return {
      status: response.status,
      code: error.code,
      message: error.message,
      headers: response.headers,
    };
  }
  if (error instanceof ForwardedRequestError) {
    return { status: 400, code: error.code, message: error.message, headers: {} };
  }
  // 401, which every proxy passes on to the client, rather than a 400 nginx would hide.
  if (error instanceof ClientTesseraHeaderError) {
    return { status: 401, code: error.code, message: error.message, headers: {} };
  }
  throw error;
}

function dialectOf(url: string): ProxyDialect | undefined {
  const path = url.split('?', 1)[0];
  if (path === '/nginx') return 'nginx';
  if (path === '/traefik') return 'traefik';
  if (url.startsWith(`${ENVOY_PATH_PREFIX}/`)) return 'envoy';
  return undefined;
}

/** Several Authorization headers are passed joined, so the verifier refuses the scheme. */
function joined(values: readonly string[] | undefined): string | undefined {
  return values === undefined ? undefined : values.join(', ');
}

function requestIdOf(req: IncomingMessage): string {
  const given = req.headersDistinct['x-request-id']?.[0];
  return given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
}

function send(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body?: object,
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Cache-Control': 'no-store',
    ...(body !== undefined && { 'Content-Type': 'application/json' }),
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
