import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Tags each request with an id (the caller's, when well-formed) and echoes it back. */
export function requestId(req: Request & { id?: string }, res: Response, next: NextFunction): void {
  const offered = req.header('x-request-id');
  req.id = offered !== undefined && CLIENT_REQUEST_ID.test(offered) ? offered : randomUUID();
  res.setHeader('X-Request-Id', req.id);
  next();
}

/** Build uploads stream the file itself as the body (builds/build-upload.service.ts). */
const RAW_UPLOAD_PATH = /^\/v1\/apps\/[^/]+\/builds$/;

/** State-changing requests must say they carry JSON; anything else is refused before parsing. */
export function requireJson(req: Request, res: Response, next: NextFunction): void {
  const hasBody = req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH';
  // A body without a declared type is never parsed; a body declared as anything else is refused.
  const rawUpload = req.method === 'POST' && RAW_UPLOAD_PATH.test(req.path);
  if (rawUpload && req.is('application/octet-stream') === 'application/octet-stream') {
    next();
    return;
  }
  if (hasBody && req.headers['content-type'] !== undefined && !declaresJson(req)) {
    res.status(415).json({
      error: 'UNSUPPORTED_MEDIA_TYPE',
      message: `request body must be ${rawUpload ? 'application/octet-stream' : 'application/json'}`,
      requestId: (req as Request & { id?: string }).id,
    });
    return;
  }
  next();
}

/**
 * Whether the request declares JSON. `req.is` answers null for a request without a body, so
 * a bodiless POST (an activation) that says `application/json` would be refused for it.
 */
function declaresJson(req: Request): boolean {
  if (req.is('application/json') === 'application/json') return true;
  const declared = req.headers['content-type']?.split(';', 1)[0]?.trim().toLowerCase();
  return declared === 'application/json';
}
