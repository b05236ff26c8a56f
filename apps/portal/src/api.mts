/**
 * JSON calls to the service on this origin. The session lives in an HttpOnly cookie the page
 * never sees; the CSRF token is held in memory only (never in storage) and sent with every
 * request that changes state.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
  ) {
    super(message);
  }
}

let heldCsrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  heldCsrfToken = token;
}

export function csrfToken(): string | undefined {
  return heldCsrfToken;
}

export const CSRF_HEADER = 'X-CSRF-Token';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && heldCsrfToken !== undefined) headers[CSRF_HEADER] = heldCsrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw refusal(response.status, payload);
  return payload as T;
}

export const get = <T,>(path: string): Promise<T> => call<T>('GET', path);
export const post = <T,>(path: string, body: unknown = {}): Promise<T> =>
  call<T>('POST', path, body);
export const put = <T,>(path: string, body: unknown): Promise<T> => call<T>('PUT', path, body);
export const del = <T,>(path: string): Promise<T> => call<T>('DELETE', path);

/** The service's refusal body `{ error, message, requestId }`, kept word for word. */
export function refusal(status: number, payload: unknown): ApiError {
  const body = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<
    string,
    unknown
  >;
  const code = typeof body.error === 'string' ? body.error : `HTTP_${status}`;
  const message =
    typeof body.message === 'string' ? body.message : `the service answered ${status}`;
  const requestId = typeof body.requestId === 'string' ? body.requestId : undefined;
  return new ApiError(status, code, message, requestId);
}

/** Appends query parameters, encoded. */
export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}
