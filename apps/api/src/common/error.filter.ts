import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { AttestationError } from '../../../../libs/attestation/src/errors.js';
import { noteRefusal } from '../ops/request-context.js';
import { attestationErrorStatus, serviceErrorStatus } from './error-status.js';
import { ServiceError, type ServiceErrorCode } from './service-error.js';

interface RefusalBody {
  error: string;
  message: string;
  requestId: string | undefined;
}

/** Every refusal leaves as `{ error: CODE, message, requestId }`; nothing else reaches clients. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Refusal');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const [status, code, message] = this.describe(exception);
    const body: RefusalBody = { error: code, message, requestId: request.id };

    // The request's own log line (ops/request-observer.ts) carries the code; failures get more.
    noteRefusal(request, code);
    if (status >= 500) {
      this.logger.error({ requestId: request.id, path: request.path, err: String(exception) });
    }
    response.status(status).json(body);
  }

  private describe(exception: unknown): [number, string, string] {
    if (exception instanceof AttestationError) {
      return [attestationErrorStatus(exception.code), exception.code, exception.message];
    }
    if (exception instanceof ServiceError) {
      return [serviceErrorStatus(exception.code), exception.code, exception.message];
    }
    if (exception instanceof HttpException && isBodyParserError(exception.cause)) {
      return this.describeBodyParser(exception.cause);
    }
    if (exception instanceof HttpException) {
      return this.describeHttp(exception);
    }
    if (isBodyParserError(exception)) {
      return this.describeBodyParser(exception);
    }
    return [500, 'INTERNAL_ERROR', 'the service failed to handle this request'];
  }

  private describeHttp(exception: HttpException): [number, string, string] {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const details =
      typeof response === 'object' && response !== null && 'message' in response
        ? response.message
        : exception.message;
    const message = Array.isArray(details) ? details.join('; ') : String(details);
    const code: ServiceErrorCode | 'INTERNAL_ERROR' =
      status === 404 ? 'NOT_FOUND' : status >= 500 ? 'INTERNAL_ERROR' : 'INVALID_REQUEST';
    return [status, code, message];
  }

  private describeBodyParser(exception: BodyParserError): [number, string, string] {
    if (exception.type === 'entity.too.large') {
      return [413, 'BODY_TOO_LARGE', `request body exceeds ${exception.limit ?? '?'} bytes`];
    }
    if (exception.type === 'entity.parse.failed') {
      return [400, 'MALFORMED_JSON', 'request body is not valid JSON'];
    }
    return [400, 'INVALID_REQUEST', 'request body could not be read'];
  }
}

interface BodyParserError {
  type: string;
  limit?: number;
}

function isBodyParserError(value: unknown): value is BodyParserError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as BodyParserError).type === 'string'
  );
}
