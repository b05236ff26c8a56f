/**
 * NestJS adapter. A separate entry point so that the core (`index.ts`) never loads
 * @nestjs/common; only servers that import this file need it.
 */
import {
  createParamDecorator,
  HttpException,
  Inject,
  Injectable,
  Optional,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';

import { isVerificationError } from './errors.js';
import { refusalResponse } from './http-refusal.js';
import {
  absoluteRequestUrl,
  checkPublicOrigins,
  type PublicOrigins,
  type RequestLike,
} from './request-url.js';
import type { TesseraVerifier, VerifiedCaller } from './verifier.js';

/** Provide the verifier under this token: `{ provide: TESSERA_VERIFIER, useValue: verifier }`. */
export const TESSERA_VERIFIER = Symbol('TESSERA_VERIFIER');

/** Guard settings under this token (required: the guard refuses to start without them). */
export const TESSERA_GUARD_OPTIONS = Symbol('TESSERA_GUARD_OPTIONS');

export interface TesseraGuardOptions {
  /**
   * The origin clients address, e.g. `https://api.example.com` (several when the server
   * answers on several names). Required: the Host header alone cannot be trusted.
   */
  readonly publicOrigin: string | readonly string[];
}

interface GuardedRequest extends RequestLike {
  readonly method: string;
  readonly headers: RequestLike['headers'] & {
    readonly authorization?: string;
    readonly dpop?: string | string[];
  };
  readonly headersDistinct?: { readonly dpop?: string[] };
  tessera?: VerifiedCaller;
}

interface HeaderSettingResponse {
  setHeader?(name: string, value: string): unknown;
  header?(name: string, value: string): unknown;
}

/** Verifies the token and proof of every request it guards; refusals become 401 (or 503). */
@Injectable()
export class TesseraGuard implements CanActivate {
  private readonly origins: PublicOrigins;

  constructor(
    @Inject(TESSERA_VERIFIER) private readonly verifier: TesseraVerifier,
    @Optional() @Inject(TESSERA_GUARD_OPTIONS) options?: TesseraGuardOptions,
  ) {
    this.origins = checkPublicOrigins(options?.publicOrigin);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<GuardedRequest>();
    try {
      request.tessera = await this.verifier.verifyRequest({
        authorization: request.headers.authorization,
        dpop: request.headersDistinct?.dpop ?? request.headers.dpop,
        method: request.method,
        url: absoluteRequestUrl(request, this.origins) ?? '',
      });
      return true;
    } catch (error) {
      if (!isVerificationError(error)) {
        throw error;
      }
      const refusal = refusalResponse(error);
      const response = http.getResponse<HeaderSettingResponse>();
      for (const [name, value] of Object.entries(refusal.headers)) {
        if (response.setHeader) {
          response.setHeader(name, value);
        } else {
          response.header?.(name, value);
        }
      }
      throw new HttpException(refusal.body, refusal.status, { cause: error });
    }
  }
}

/** Parameter decorator for the verified caller: `@TesseraCaller() caller: VerifiedCaller`. */
export const TesseraCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): VerifiedCaller | undefined =>
    context.switchToHttp().getRequest<GuardedRequest>().tessera,
);
