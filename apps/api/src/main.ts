import { ConfigError, loadConfig } from './config/config.js';
import { ServiceLogger } from './common/service-logger.js';
import { DataFolderInUseError } from './database/folder-lock.js';
import { startService } from './service.js';

function adminNotice(token: string): string {
  return (
    `\nFirst start: an admin credential was created. It is shown only this once:\n\n` +
    `    ${token}\n\n` +
    `Send it as "Authorization: Bearer <credential>" to /v1/admin/*. To sign in to the\n` +
    `portal, invite yourself as a vendor admin with it (README, "Partners and reviewers").\n\n`
  );
}

try {
  const config = loadConfig();
  // Structured lines for log collectors in production; readable lines elsewhere.
  const logger = new ServiceLogger({
    json: config.mode === 'production',
    logLevels: ['log', 'warn', 'error', 'fatal'],
  });
  const service = await startService(config, { logger });
  const where = service.embedded ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  const notice =
    service.createdAdminToken === undefined ? '' : adminNotice(service.createdAdminToken);
  process.stdout.write(
    `${notice}Tessera (${config.mode}) listening on ${service.url} (${where})\n`,
  );
  const stop = (): void => void service.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`configuration error: ${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof DataFolderInUseError) {
    process.stderr.write(`cannot start: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
