/** The parts of a Node/Express request needed to rebuild the URL the client addressed. */
export interface RequestLike {
  readonly protocol?: string;
  readonly headers: { readonly host?: string | undefined };
  readonly originalUrl?: string;
  readonly url?: string;
}

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
 * The absolute URL to compare with the proof's `htu`. Behind a proxy, pass `publicOrigin`:
 * the Host header and the protocol a Node server sees are then not the ones the client used.
 * The path is appended as received, never resolved against the origin, so a path such as
 * `//other.host/x` cannot change the host.
 */
export function absoluteRequestUrl(request: RequestLike, publicOrigin?: string): string {
  const path = request.originalUrl ?? request.url ?? '/';
  if (publicOrigin !== undefined) {
    return `${publicOrigin}${path}`;
  }
  return `${request.protocol ?? 'http'}://${request.headers.host ?? ''}${path}`;
}
