/**
 * The form in which `htu` and the request URL are compared (RFC 9449 §4.3 step 9): scheme and
 * host in lower case, default port dropped, dot segments resolved (the WHATWG URL parser does
 * all of this), query and fragment removed. Undefined for anything but an absolute http(s) URL.
 */
export function dpopTargetUri(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return undefined;
  }
  // TODO(#1): percent-encoding is compared as sent; RFC 3986 §6.2.2.2 would decode unreserved
  // characters first. Clients that build htu from the same URL string they request are unaffected.
  return `${parsed.origin}${parsed.pathname}`;
}
