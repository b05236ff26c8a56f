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
  return `${parsed.origin}${normalisePercentEncoding(parsed.pathname)}`;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * RFC 3986 §6.2.2.1–2: percent-encoded unreserved characters are decoded and the hex digits of
 * the others are upper-cased, so `/a%7Eb` and `/a~b`, `%2f` and `%2F` compare equal.
 */
function normalisePercentEncoding(path: string): string {
  return path.replace(/%([0-9A-Fa-f]{2})/g, (_match, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}
