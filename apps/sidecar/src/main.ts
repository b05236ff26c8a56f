import { BundleRefusedError } from './bundle-verifier.js';
import { loadSidecarConfig } from './config.js';
import { startSidecar } from './sidecar.js';

/**
 * `node dist/apps/sidecar/src/main.js`: configuration from the environment only. SIGHUP
 * re-reads the trust bundle file (a new bundle carried in needs no restart).
 */
async function main(): Promise<void> {
  const sidecar = await startSidecar(loadSidecarConfig(process.env), { reloadSignal: 'SIGHUP' });
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
  const code = error instanceof BundleRefusedError ? error.code : undefined;
  const line = {
    time: new Date().toISOString(),
    level: 'fatal',
    event: 'sidecar_start_failed',
    code,
    error: message,
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
  process.exit(1);
});
