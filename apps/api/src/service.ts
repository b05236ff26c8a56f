import 'reflect-metadata';
import { ConsoleLogger, type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AdminCredentialService } from './admin/admin-credential.service.js';
import { AppModule } from './app.module.js';
import { jsonGuard } from './common/json-guard.js';
import { requestId, requireJson } from './common/request-id.js';
import type { ServiceConfig } from './config/config.js';
import { type DatabaseTarget, runMigrations } from './database/data-source.js';
import { type EmbeddedDatabase, startEmbeddedDatabase } from './database/embedded-database.js';
import { installOperations } from './ops/ops.module.js';

export interface RunningService {
  readonly app: INestApplication;
  /** Base URL the service listens on, e.g. http://127.0.0.1:3000 */
  readonly url: string;
  /** The admin credential made at first start, if this start made one. Shown once. */
  readonly createdAdminToken: string | undefined;
  readonly embedded: boolean;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Logger for Nest; `false` silences it (tests). */
  readonly logger?: ConsoleLogger | false;
}

/** Starts the service: database (embedded when no URL is configured), migrations, HTTP. */
export async function startService(
  config: ServiceConfig,
  options: StartOptions = {},
): Promise<RunningService> {
  let embedded: EmbeddedDatabase | undefined;
  let target: DatabaseTarget;
  if (config.databaseUrl === undefined) {
    embedded = await startEmbeddedDatabase(config.dataDir);
    target = embedded.target;
  } else {
    target = { url: config.databaseUrl, poolSize: 10 };
  }

  try {
    if (config.runMigrations) await runMigrations(target);
    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot(config, target),
      {
        logger: options.logger ?? new ConsoleLogger({ json: true }),
        bodyParser: false,
      },
    );
    app.use(requestId);
    installOperations(app);
    app.use(requireJson);
    app.useBodyParser('json', { limit: config.maxBodyBytes, strict: true });
    app.use(jsonGuard);
    app.useGlobalPipes(
      new ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        transform: true,
        stopAtFirstError: false,
      }),
    );
    app.set('trust proxy', config.trustProxy);
    app.disable('x-powered-by');
    await app.init();

    const createdAdminToken = await app.get(AdminCredentialService).ensureBootstrapCredential();
    await app.listen(config.port, config.host);
    const address = app.getHttpServer().address() as { port: number };
    const embeddedDb = embedded;

    return {
      app,
      url: `http://${config.host}:${address.port}`,
      createdAdminToken,
      embedded: embeddedDb !== undefined,
      async stop() {
        await app.close();
        await embeddedDb?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
