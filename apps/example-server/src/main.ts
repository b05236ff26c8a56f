import { loadConfig } from './config.js';
import { createExampleServer } from './server.js';

const config = loadConfig(process.env);
const app = createExampleServer({ config });
const server = app.listen(config.port, () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  process.stdout.write(
    `${JSON.stringify({ level: 'info', event: 'listening', port, deployment: config.deployment })}\n`,
  );
});
