import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  createTesseraVerifier,
  DEFAULT_CLOCK_SKEW_SECONDS,
  DEFAULT_PROOF_MAX_AGE_SECONDS,
  replayWindowSeconds,
  type TesseraVerifier,
} from '../../../libs/verifier/src/index.js';
import { openBundleVerifier, type BundleVerifier, type VerifierBase } from './bundle-verifier.js';
import type { SidecarConfig } from './config.js';
import type { JwksTrust } from './trust.js';
import { openReplayStore } from './replay-store.js';
import { createSidecarServer } from './server.js';
import { reloadLogLine, trustLogFields, type ReloadOutcome } from './trust-log.js';

export interface RunningSidecar {
  readonly server: Server;
  /** `http://host:port` the sidecar listens on. */
  readonly url: string;
  /**
   * Re-reads the trust bundle file; a refused bundle keeps the one in use. Logs the outcome
   * and returns whether the new file was taken. With a JWKS, nothing is reloaded.
   */
  reloadTrust(): boolean;
  stop(): Promise<void>;
}

export interface StartSidecarOptions {
  readonly log?: (line: string) => void;
  /** The verifier's clock. Default: the system clock. */
  readonly now?: () => Date;
  /** A signal that reloads the trust bundle (`main` uses SIGHUP); none by default. */
  readonly reloadSignal?: NodeJS.Signals;
}

/**
 * Opens the replay store, builds the verifier from the configured keys and listens. A trust
 * bundle that is refused stops the start with a BundleRefusedError naming the check's code.
 */
export async function startSidecar(
  config: SidecarConfig,
  options: StartSidecarOptions = {},
): Promise<RunningSidecar> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const replay = await openReplayStore(
    config.redisUrl,
    config.deployment,
    proofWindowSeconds(config),
    log,
  );
  const base: VerifierBase = {
    ...(config.issuer !== undefined && { issuer: config.issuer }),
    deployment: config.deployment,
    replayCache: replay.cache,
    ...(config.clockSkewSeconds !== undefined && { clockSkewSeconds: config.clockSkewSeconds }),
    ...(config.proofMaxAgeSeconds !== undefined && {
      proofMaxAgeSeconds: config.proofMaxAgeSeconds,
    }),
    ...(options.now !== undefined && { now: options.now }),
  };
  let bundle: BundleVerifier | undefined;
  let server: Server;
  try {
    bundle =
      config.trust.kind === 'bundle' ? openBundleVerifier(config.trust, base, now) : undefined;
    const verifier: TesseraVerifier =
      bundle ?? createTesseraVerifier({ ...base, keys: (config.trust as JwksTrust).keys });
    server = createSidecarServer({
      verifier,
      maxHeaderBytes: config.maxHeaderBytes,
      log,
      publicOrigins: config.publicOrigins,
    });
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
      time: new Date().toISOString(),
      level: 'info',
      event: 'sidecar_started',
      url,
      deployment: config.deployment,
      ...trustLogFields(config.trust, bundle?.bundle()),
      replayStore: replay.kind,
    }),
  );

  const reloadTrust = (): boolean => {
    const outcome = bundle === undefined ? { kind: 'static' as const } : reloadBundle(bundle);
    log(reloadLogLine(outcome));
    return outcome.kind === 'taken';
  };
  const onSignal = () => void reloadTrust();
  if (options.reloadSignal !== undefined) {
    process.on(options.reloadSignal, onSignal);
  }
  return {
    server,
    url,
    reloadTrust,
    stop: async () => {
      if (options.reloadSignal !== undefined) {
        process.off(options.reloadSignal, onSignal);
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await replay.close();
    },
  };
}

function reloadBundle(verifier: BundleVerifier): ReloadOutcome {
  try {
    return { kind: 'taken', bundle: verifier.reload() };
  } catch (error) {
    return { kind: 'refused', error, kept: verifier.bundle() };
  }
}

/** How long after its `iat` this sidecar's verifier keeps a proof id. */
function proofWindowSeconds(config: SidecarConfig): number {
  return replayWindowSeconds(
    config.proofMaxAgeSeconds ?? DEFAULT_PROOF_MAX_AGE_SECONDS,
    config.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS,
  );
}
