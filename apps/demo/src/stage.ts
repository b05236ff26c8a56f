import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import {
  createAndroidDevRoot,
  type AndroidDevRoot,
} from '../../../libs/attestation/testing/android-dev-device.js';
import type { PublicJwk } from '../../../libs/verifier/src/index.js';
import { loadConfig } from '../../api/src/config/config.js';
import { type RunningService, startService } from '../../api/src/service.js';
import { createExampleServer } from '../../example-server/src/server.js';
import { callJson } from './http.js';

export const ISSUER = 'https://tessera.demo';

/** A customer's server, with a clock the demo can move forward. */
export interface CustomerSite {
  readonly deployment: string;
  readonly url: string;
  readonly clock: { offsetMs: number; now(): Date };
  readonly refusals: string[];
}

/** Everything the story runs against: the service, two customer sites and a test root. */
export interface Stage {
  readonly service: RunningService;
  readonly adminToken: string;
  readonly devRoot: AndroidDevRoot;
  readonly stMary: CustomerSite;
  readonly cityClinic: CustomerSite;
  close(): Promise<void>;
}

export async function setStage(): Promise<Stage> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-demo-'));
  const devRoot = createAndroidDevRoot();
  const config = loadConfig({
    TESSERA_MODE: 'demo',
    PORT: '0',
    TESSERA_DATA_DIR: dataDir,
    TESSERA_ISSUER: ISSUER,
    TESSERA_TEST_ANDROID_ROOTS: devRoot.publicKey.export({ type: 'spki', format: 'pem' }) as string,
  });
  const service = await startService(config, { logger: false });
  const adminToken = service.createdAdminToken;
  if (adminToken === undefined) throw new Error('a fresh service must create an admin credential');

  // The customer sites know nothing of the service but its public keys.
  const jwks = await callJson<{ keys: JWK[] }>(`${service.url}/.well-known/jwks.json`);
  const keys = jwks.body.keys as PublicJwk[];
  const servers: Server[] = [];
  const site = async (deployment: string): Promise<CustomerSite> => {
    const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
    const refusals: string[] = [];
    // Listen first: the site's own origin is part of its configuration (proofs are bound to it).
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const app = createExampleServer({
      config: { issuer: ISSUER, deployment, keys, port: 0, publicOrigin: url },
      now: () => clock.now(),
      log: (line) => refusals.push(line),
    });
    server.on('request', app);
    servers.push(server);
    return { deployment, url, clock, refusals };
  };

  return {
    service,
    adminToken,
    devRoot,
    stMary: await site('st-mary-hospital'),
    cityClinic: await site('city-clinic'),
    async close() {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
      await service.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
