import { type DynamicModule, Global, Module } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from './config.js';

/**
 * The configuration is read and validated before Nest starts (the database it names must be
 * up first), then offered to every module as one typed, frozen value.
 */
@Global()
@Module({})
export class ServiceConfigModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: ServiceConfigModule,
      providers: [{ provide: SERVICE_CONFIG, useValue: Object.freeze(config) }],
      exports: [SERVICE_CONFIG],
    };
  }
}
