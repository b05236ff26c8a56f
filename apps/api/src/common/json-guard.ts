import type { NextFunction, Request, Response } from 'express';

/** Deeper JSON than any Tessera request needs; deeper input is refused before validation. */
export const MAX_JSON_DEPTH = 16;

type Verdict = 'ok' | 'too-deep' | 'nul';

/**
 * Walks a parsed body without recursion. Refuses nesting past MAX_JSON_DEPTH (validators
 * recurse, so a deep body would exhaust the stack) and any string holding U+0000, which
 * PostgreSQL text cannot store.
 */
export function inspectJson(body: unknown): Verdict {
  const stack: [unknown, number][] = [[body, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return 'nul';
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return 'too-deep';
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\u0000')) return 'nul';
      stack.push([child, depth + 1]);
    }
  }
  return 'ok';
}

export function jsonGuard(req: Request & { id?: string }, res: Response, next: NextFunction): void {
  // Query strings reach the same columns as bodies do (a file name, a note), so they are
  // walked too.
  const queryVerdict = inspectJson(req.query);
  const verdict = queryVerdict === 'ok' ? inspectJson(req.body) : queryVerdict;
  if (verdict === 'ok') {
    next();
    return;
  }
  res.status(400).json({
    error: verdict === 'nul' ? 'INVALID_REQUEST' : 'MALFORMED_JSON',
    message:
      verdict === 'nul'
        ? 'strings must not contain the NUL character'
        : `JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
    requestId: req.id,
  });
}
