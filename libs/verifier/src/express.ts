import type { NextFunction, Request, RequestHandler, Response } from 'express';

import { isVerificationError, type VerificationError } from './errors.js';
import { refusalResponse } from './http-refusal.js';
import { absoluteRequestUrl, checkPublicOrigins } from './request-url.js';
import type { TesseraVerifier, VerifiedCaller } from './verifier.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by tesseraExpress once the token and the proof are verified. */
    tessera?: VerifiedCaller;
  }
}

export interface TesseraExpressOptions {
  /**
   * The origin clients address, e.g. `https://api.example.com` (several when the server
   * answers on several names). Required: the Host header alone cannot be trusted.
   */
  readonly publicOrigin: string | readonly string[];
  /** Called once per refused request, e.g. to log the code. Receives no token. */
  readonly onRefusal?: (error: VerificationError, request: Request) => void;
}

/** Express middleware: verifies each request, sets `req.tessera`, or answers 401. */
export function tesseraExpress(
  verifier: TesseraVerifier,
  options: TesseraExpressOptions,
): RequestHandler {
  const origins = checkPublicOrigins(options.publicOrigin);

  return (request: Request, response: Response, next: NextFunction): void => {
    verifier
      .verifyRequest({
        authorization: request.headers.authorization,
        dpop: request.headersDistinct.dpop,
        method: request.method,
        // An unknown host yields no URL, which the verifier refuses as PROOF_URL_MISMATCH.
        url: absoluteRequestUrl(request, origins) ?? '',
      })
      .then(
        (caller) => {
          request.tessera = caller;
          next();
        },
        (error: unknown) => {
          if (!isVerificationError(error)) {
            next(error);
            return;
          }
          options.onRefusal?.(error, request);
          const refusal = refusalResponse(error);
          response.status(refusal.status).set(refusal.headers).json(refusal.body);
        },
      );
  };
}
