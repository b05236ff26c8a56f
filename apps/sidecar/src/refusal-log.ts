import type { ProxyDialect } from './forwarded-request.js';

/** What one refusal log line says. Never the token, the proof or the query string. */
export interface RefusalEvent {
  readonly code: string;
  readonly message: string;
  readonly status: number;
  readonly dialect: ProxyDialect;
  readonly requestId: string;
  /** The original method and path, when they could be read. */
  readonly method?: string;
  readonly path?: string;
}

/** One JSON line per refused request, for operators to grep by `code`. */
export function refusalLogLine(event: RefusalEvent, now: Date): string {
  return JSON.stringify({
    time: now.toISOString(),
    level: 'warn',
    event: 'tessera_refused',
    ...event,
  });
}

/** The path of a URL without its query (which may carry secrets) and fragment. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
