import { ConfigError, loadConfig } from './config/config.js';
import { startService } from './service.js';

try {
  const config = loadConfig();
  const service = await startService(config);
  const where = service.embedded ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  process.stdout.write(`Tessera ${config.mode} listening on ${service.url} (${where})\n`);
  if (service.createdAdminToken !== undefined) {
    process.stdout.write(
      `\nFirst start: an admin credential was created. It is shown only this once:\n\n` +
        `    ${service.createdAdminToken}\n\n` +
        `Send it as "Authorization: Bearer <credential>" to /v1/admin/*.\n\n`,
    );
  }
  const stop = (): void => void service.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`configuration error: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
