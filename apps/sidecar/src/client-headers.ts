/**
 * Only the sidecar speaks the X-Tessera- headers. A client that sends one, in any spelling,
 * is trying to have the upstream read a fact nobody verified: many upstreams (CGI, WSGI, PHP,
 * Rack) read `X_Tessera_App` or `X.Tessera.App` as X-Tessera-App, because they map every
 * character other than a letter or digit to `_`, while a proxy replaces or removes only the
 * dash spelling. Such a request is refused outright.
 */
const TESSERA_HEADER_SPELLING = /^x[^a-z0-9]tessera[^a-z0-9]/i;

export class ClientTesseraHeaderError extends Error {
  override readonly name = 'ClientTesseraHeaderError';
  readonly code = 'TESSERA_HEADER_FROM_CLIENT';

  constructor() {
    super('the request carries an X-Tessera- header; only the sidecar may set those');
  }
}

/** Throws when the client's headers (raw name/value pairs, as received) hold a Tessera name. */
export function refuseClientTesseraHeaders(rawHeaders: readonly string[]): void {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (TESSERA_HEADER_SPELLING.test(name)) {
      throw new ClientTesseraHeaderError();
    }
  }
}
