import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { PostgresThrottlerStorage } from './postgres-throttler.storage.js';

const MINUTE_MS = 60_000;

/** The shared counters, as a provider so that their sweep starts and stops with the service. */
@Module({ providers: [PostgresThrottlerStorage], exports: [PostgresThrottlerStorage] })
class RateLimitStorageModule {}

/**
 * Rate limits counted in PostgreSQL, the one store every instance already shares: a limit holds
 * across instances without another server to run. Guards pick their limit by name:
 * `SignInThrottlerGuard` (accounts) and `RuntimeThrottlerGuard` (run-time routes).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [SERVICE_CONFIG, PostgresThrottlerStorage],
      useFactory: (config: ServiceConfig, storage: PostgresThrottlerStorage) => ({
        storage,
        throttlers: [
          { name: 'sign-in', ttl: MINUTE_MS, limit: config.portal.signInPerMinute },
          { name: 'runtime', ttl: MINUTE_MS, limit: config.runtimePerMinute },
        ],
      }),
    }),
  ],
})
export class RateLimitModule {}
