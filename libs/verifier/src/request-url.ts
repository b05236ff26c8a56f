/** The parts of a Node/Express request needed to rebuild the URL the client addressed. */
export interface RequestLike {
  readonly protocol?: string;
  readonly headers: { readonly host?: string | undefined };
  readonly originalUrl?: string;
  readonly url?: string;
}

/** The origins a server answers on, checked once at start. */
export type PublicOrigins = readonly [string, ...string[]];

/** Checks a configured public origin such as `https://api.example.com` (no path). */
export function checkPublicOrigin(publicOrigin: string): string {
  let parsed: URL;
  try {
    parsed = new URL(publicOrigin);
  } catch {
    throw new TypeError('publicOrigin must be an absolute URL such as https://api.example.com');
  }
  if (
    (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') ||
    parsed.origin !== publicOrigin.replace(/\/$/, '')
  ) {
    throw new TypeError(
      'publicOrigin must be a bare http(s) origin, without path, query or fragment',
    );
  }
  return parsed.origin;
}

/**
 * The origins are required: the Host header is chosen by the client, so a server that built
 * the URL from it would accept a proof made for another server (RFC 9449 §4.3 step 9 relies on
 * the server knowing its own URL).
 */
export function checkPublicOrigins(
  publicOrigin: string | readonly string[] | undefined,
): PublicOrigins {
  const list = typeof publicOrigin === 'string' ? [publicOrigin] : (publicOrigin ?? []);
  const [first, ...rest] = list.map(checkPublicOrigin);
  if (first === undefined) {
    throw new TypeError(
      'publicOrigin is required: the origin clients address, e.g. https://api.example.com',
    );
  }
  return [first, ...rest];
}

/**
 * The absolute URL to compare with the proof's `htu`, or undefined when the request names a
 * host this server does not answer on. With one configured origin the Host header is ignored;
 * with several it only selects among them. The path is appended as received, never resolved
 * against the origin, so a path such as `//other.host/x` cannot change the host.
 */
export function absoluteRequestUrl(
  request: RequestLike,
  origins: PublicOrigins,
): string | undefined {
  const path = request.originalUrl ?? request.url ?? '/';
  const origin =
    origins.length === 1
      ? origins[0]
      : origins.find(
          (candidate) => new URL(candidate).host === request.headers.host?.toLowerCase(),
        );
  return origin === undefined ? undefined : `${origin}${path}`;
}
