/** The outcome of a call as the demo judges it: the HTTP status, or the refusal code. */
export interface CallResult<T> {
  readonly status: number;
  readonly body: T;
  /** `200 OK`-style for success, the refusal's `error` code otherwise. */
  readonly verdict: string;
}

export async function callJson<T>(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<CallResult<T>> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body !== undefined && { 'Content-Type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  const body = (text === '' ? {} : JSON.parse(text)) as T & { error?: string };
  const verdict = response.ok ? `${response.status}` : (body.error ?? `${response.status}`);
  return { status: response.status, body, verdict };
}
