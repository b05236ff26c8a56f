import { Router, type Request, type Response } from 'express';

/** One record of the example API; stands in for whatever the vendor's product serves. */
export interface ExampleRecord {
  readonly id: number;
  readonly title: string;
  readonly createdBy: string;
  readonly app: string;
}

const MAX_TITLE_LENGTH = 200;

/** GET / and POST / on an in-memory list; expects req.tessera set by the verifier. */
export function recordsRouter(): Router {
  const records: ExampleRecord[] = [];
  const router = Router();

  router.get('/', (_req: Request, res: Response) => {
    res.json({ records });
  });

  router.post('/', (req: Request, res: Response) => {
    const title: unknown = (req.body as { title?: unknown } | undefined)?.title;
    if (typeof title !== 'string' || title === '' || title.length > MAX_TITLE_LENGTH) {
      res.status(400).json({
        error: 'TITLE_INVALID',
        message: `title must be 1 to ${MAX_TITLE_LENGTH} characters`,
      });
      return;
    }
    const caller = req.tessera;
    if (caller === undefined) {
      throw new Error('records router mounted without the Tessera verifier');
    }
    const record = {
      id: records.length + 1,
      title,
      createdBy: caller.installationId,
      app: caller.app.id,
    };
    records.push(record);
    res.status(201).json(record);
  });

  return router;
}
