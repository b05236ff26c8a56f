import { loadSidecarConfig } from './config.js';
import { startSidecar } from './sidecar.js';

/** `node dist/apps/sidecar/src/main.js`: configuration from the environment only. */
async function main(): Promise<void> {
  const sidecar = await startSidecar(loadSidecarConfig(process.env));
  const stop = () => {
    sidecar.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', event: 'sidecar_start_failed', error: message })}\n`,
  );
  process.exit(1);
});
