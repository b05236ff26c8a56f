import express, { type Express } from 'express';

import {
  createTesseraVerifier,
  tesseraExpress,
  type VerificationError,
} from '../../../libs/verifier/src/index.js';
import type { ExampleServerConfig } from './config.js';
import { recordsRouter } from './records.js';

export interface ExampleServerOptions {
  readonly config: ExampleServerConfig;
  /** Where structured log lines go. Default: standard output. */
  readonly log?: (line: string) => void;
  /** The clock the verifier uses. Default: the system clock. */
  readonly now?: () => Date;
}

const MAX_BODY = '16kb';

/** The example customer API: /api/* needs a Tessera token and proof; /healthz does not. */
export function createExampleServer(options: ExampleServerOptions): Express {
  const { config } = options;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const verifier = createTesseraVerifier({
    issuer: config.issuer,
    deployment: config.deployment,
    keys: config.keys,
    ...(options.now ? { now: options.now } : {}),
  });

  const app = express();
  app.disable('x-powered-by');

  // Public: liveness only.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.use(
    '/api',
    tesseraExpress(verifier, {
      publicOrigin: config.publicOrigin,
      onRefusal: (error: VerificationError, req) =>
        log(
          JSON.stringify({
            level: 'warn',
            event: 'tessera_refused',
            code: error.code,
            method: req.method,
            path: req.originalUrl.split('?')[0],
          }),
        ),
    }),
  );
  app.use('/api/records', express.json({ limit: MAX_BODY }), recordsRouter());

  return app;
}
