import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service.js';
import { type RequestFacts, withRequestFacts } from './request-context.js';
import { TokenActivityRecorder } from './token-activity.recorder.js';
import { TOKEN_ROUTES } from './token-routes.js';

/** Route label for requests no route matched; raw paths never become labels or log fields. */
export const UNMATCHED_ROUTE = 'unmatched';

/** One line per request, as logged. Holds no header, query string or body: nothing secret. */
export interface RequestLogLine {
  requestId: string | undefined;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  refusal?: string;
  app?: string;
}

/**
 * Times every request, writes one structured log line when its response is finished and feeds
 * the metrics. Mounted as the first middleware after the request id, so that refusals by body
 * parsing and by guards are seen too.
 */
@Injectable()
export class RequestObserver {
  private readonly logger = new Logger('Request');

  constructor(
    private readonly metrics: MetricsService,
    private readonly activity: TokenActivityRecorder,
  ) {}

  readonly middleware = (req: Request & { id?: string }, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const facts: RequestFacts = {};
    res.once('finish', () => this.finish(req, res, facts, started));
    withRequestFacts(req, facts, next);
  };

  private finish(
    req: Request & { id?: string },
    res: Response,
    facts: RequestFacts,
    started: bigint,
  ): void {
    const durationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const route = routeTemplate(req);
    const tokenRoute = TOKEN_ROUTES.get(`${req.method} ${route}`);
    this.metrics.observe({
      method: req.method,
      route,
      status: res.statusCode,
      durationSeconds,
      appId: facts.appId,
      refusal: facts.refusal,
      tokenRoute,
    });
    // The stored series are per app: refusals before any app was known stay in the metrics only.
    if (tokenRoute !== undefined && facts.appId !== undefined) {
      const refused = res.statusCode >= 400;
      const code = refused ? (facts.refusal ?? `HTTP_${res.statusCode}`) : '';
      this.activity.record(facts.appId, refused ? 'refused' : 'issued', code, new Date());
    }

    const line: RequestLogLine = {
      requestId: req.id,
      method: req.method,
      route,
      status: res.statusCode,
      durationMs: Math.round(durationSeconds * 1e4) / 10,
      ...(facts.refusal !== undefined && { refusal: facts.refusal }),
      ...(facts.appId !== undefined && { app: facts.appId }),
    };
    this.logger.log(line);
  }
}

function routeTemplate(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  return typeof route?.path === 'string' ? route.path : UNMATCHED_ROUTE;
}
