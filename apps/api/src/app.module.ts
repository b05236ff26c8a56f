import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from './accounts/accounts.module.js';
import { AdminModule } from './admin/admin.module.js';
import { AuditModule } from './audit/audit.module.js';
import { BuildsModule } from './builds/builds.module.js';
import { ErrorFilter } from './common/error.filter.js';
import type { ServiceConfig } from './config/config.js';
import { ServiceConfigModule } from './config/config.module.js';
import { type DatabaseTarget, dataSourceOptions } from './database/data-source.js';
import { HealthModule } from './health/health.module.js';
import { KeysModule } from './keys/keys.module.js';
import { OpsModule } from './ops/ops.module.js';
import { PortalModule } from './portal/portal.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { RegistryModule } from './registry/registry.module.js';
import { ReviewModule } from './review/review.module.js';
import { RuntimeModule } from './runtime/runtime.module.js';

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(database)),
        AuditModule,
        RateLimitModule,
        AdminModule,
        AccountsModule,
        KeysModule,
        RegistryModule,
        BuildsModule,
        ReviewModule,
        RuntimeModule,
        PortalModule,
        HealthModule,
        OpsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
