/**
 * Fastify adapter. A separate entry point (`@tessera/verifier/fastify`); it imports only
 * Fastify's types, so the core never loads Fastify.
 */
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';

import { isVerificationError, type VerificationError } from './errors.js';
import { refusalResponse } from './http-refusal.js';
import { absoluteRequestUrl, checkPublicOrigins } from './request-url.js';
import type { TesseraVerifier, VerifiedCaller } from './verifier.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by tesseraFastify once the token and the proof are verified. */
    tessera?: VerifiedCaller;
  }
}

export interface TesseraFastifyOptions {
  /**
   * The origin clients address, e.g. `https://api.example.com` (several when the server
   * answers on several names). Required: the Host header alone cannot be trusted.
   */
  readonly publicOrigin: string | readonly string[];
  /** Called once per refused request, e.g. to log the code. Receives no token. */
  readonly onRefusal?: (error: VerificationError, request: FastifyRequest) => void;
}

/**
 * A `preHandler` hook: verifies each request and sets `request.tessera`, or answers 401 (503
 * when the replay store or the trust bundle fails). Register it on the routes to protect:
 * `app.addHook('preHandler', tesseraFastify(verifier, { publicOrigin }))`.
 */
export function tesseraFastify(
  verifier: TesseraVerifier,
  options: TesseraFastifyOptions,
): preHandlerAsyncHookHandler {
  const origins = checkPublicOrigins(options.publicOrigin);

  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const dpop = request.headers.dpop;
    try {
      request.tessera = await verifier.verifyRequest({
        authorization: request.headers.authorization,
        // Node joins repeated headers with ", ", which the verifier refuses as PROOF_MULTIPLE.
        dpop,
        method: request.method,
        // An unknown host yields no URL, which the verifier refuses as PROOF_URL_MISMATCH.
        url: absoluteRequestUrl({ headers: request.headers, url: request.url }, origins) ?? '',
      });
    } catch (error) {
      if (!isVerificationError(error)) {
        throw error;
      }
      options.onRefusal?.(error, request);
      const refusal = refusalResponse(error);
      await reply.code(refusal.status).headers(refusal.headers).send(refusal.body);
    }
  };
}
