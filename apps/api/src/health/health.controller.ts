import { Controller, Get } from '@nestjs/common';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../admin/access.decorator.js';
import { ServiceError } from '../common/service-error.js';

/** How long the readiness probe waits for the database before calling it down. */
const DATABASE_PING_TIMEOUT_MS = 1500;

/** Probes for load balancers and orchestrators. Public, and they reveal nothing but up or down. */
@Controller('health')
@Public()
@ApiTags('operations')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  /** The process answers; restart it when this fails. No dependency is checked. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** The process can reach its database and may take traffic. */
  @Get('ready')
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database').withTimeout(DATABASE_PING_TIMEOUT_MS),
      ]);
    } catch {
      // Terminus has logged which check failed and why; callers learn only that it is not ready.
      throw new ServiceError('NOT_READY', 'the database is not reachable');
    }
  }
}
