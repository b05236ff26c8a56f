import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { TokenRoute } from './token-routes.js';

/** Label used when a request was refused before the service knew which app it concerned. */
export const UNKNOWN_APP = 'unknown';

/** Seconds; spans a cached health answer up to a slow attestation behind a busy database. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface ObservedRequest {
  readonly method: string;
  /** The route template (`/v1/admin/apps/:id`), or `unmatched`; never the raw path. */
  readonly route: string;
  readonly status: number;
  readonly durationSeconds: number;
  readonly appId: string | undefined;
  readonly refusal: string | undefined;
  readonly tokenRoute: TokenRoute | undefined;
}

/**
 * Prometheus metrics of one service instance. Every label value comes from a closed set (route
 * templates, refusal codes, platforms) or from the registry (app ids), never from raw input.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly durations = new Histogram({
    name: 'tessera_http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response, by route template',
    labelNames: ['method', 'route', 'status'],
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  private readonly issued = new Counter({
    name: 'tessera_tokens_issued_total',
    help: 'Tokens issued, by app and by operation (enrolment or refresh)',
    labelNames: ['app', 'operation'],
    registers: [this.registry],
  });

  private readonly refused = new Counter({
    name: 'tessera_token_refusals_total',
    help: 'Enrolments and refreshes refused, by app (or unknown), operation and refusal code',
    labelNames: ['app', 'operation', 'code'],
    registers: [this.registry],
  });

  private readonly enrolments = new Counter({
    name: 'tessera_enrolments_total',
    help: 'Installations enrolled, by platform',
    labelNames: ['platform'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observe(request: ObservedRequest): void {
    const { method, route, status } = request;
    this.durations.observe({ method, route, status: String(status) }, request.durationSeconds);

    const tokenRoute = request.tokenRoute;
    if (tokenRoute === undefined) return;
    const app = request.appId ?? UNKNOWN_APP;
    if (status < 400) {
      this.issued.inc({ app, operation: tokenRoute.operation });
      if (tokenRoute.platform !== undefined) this.enrolments.inc({ platform: tokenRoute.platform });
    } else {
      const code = request.refusal ?? `HTTP_${status}`;
      this.refused.inc({ app, operation: tokenRoute.operation, code });
    }
  }

  /** The exposition text and its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
