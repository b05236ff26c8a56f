import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createTesseraVerifier } from '../../../libs/verifier/src/index.js';
import type { SidecarConfig } from './config.js';
import { openReplayStore } from './replay-store.js';
import { createSidecarServer } from './server.js';

export interface RunningSidecar {
  readonly server: Server;
  /** `http://host:port` the sidecar listens on. */
  readonly url: string;
  stop(): Promise<void>;
}

export interface StartSidecarOptions {
  readonly log?: (line: string) => void;
  /** The verifier's clock. Default: the system clock. */
  readonly now?: () => Date;
}

/** Opens the replay store, builds the verifier from the configured keys and listens. */
export async function startSidecar(
  config: SidecarConfig,
  options: StartSidecarOptions = {},
): Promise<RunningSidecar> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const replay = await openReplayStore(config.redisUrl, config.deployment, log);
  const verifier = createTesseraVerifier({
    issuer: config.issuer,
    deployment: config.deployment,
    keys: config.trust.keys,
    replayCache: replay.cache,
    ...(config.clockSkewSeconds !== undefined && { clockSkewSeconds: config.clockSkewSeconds }),
    ...(config.proofMaxAgeSeconds !== undefined && {
      proofMaxAgeSeconds: config.proofMaxAgeSeconds,
    }),
    ...(options.now !== undefined && { now: options.now }),
  });
  const server = createSidecarServer({
    verifier,
    maxHeaderBytes: config.maxHeaderBytes,
    log,
    publicOrigins: config.publicOrigins,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await replay.close();
    throw error;
  }
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  log(
    JSON.stringify({
      level: 'info',
      event: 'sidecar_started',
      url,
      deployment: config.deployment,
      keys: config.trust.keys.length,
      keySource: config.trust.origin,
      replayStore: replay.kind,
    }),
  );
  return {
    server,
    url,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await replay.close();
    },
  };
}
