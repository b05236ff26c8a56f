import { type INestApplication, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { MetricsTokenGuard } from './metrics-token.guard.js';
import { setupOpenApi } from './openapi.js';
import { RequestObserver } from './request-observer.js';
import { TokenActivityRecorder } from './token-activity.recorder.js';

/** Metrics, the stored token activity, per-request log lines and the OpenAPI description. */
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, MetricsTokenGuard, RequestObserver, TokenActivityRecorder],
  exports: [MetricsService],
})
export class OpsModule {}

/**
 * Wires operations into the HTTP stack. Call right after the request-id middleware (so every
 * later refusal is observed) and before `app.init()` (so the description's routes are reachable).
 */
export function installOperations(app: INestApplication): void {
  app.use(app.get(RequestObserver).middleware);
  setupOpenApi(app);
}
