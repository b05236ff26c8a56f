/** Why the SDK could not get or use a token. Stable: apps switch on it. */
export type TesseraClientErrorCode =
  /** `fetch` or `refresh` before `enrol` (or `restore`). */
  | 'NOT_ENROLLED'
  /** The service refused; `serviceCode` holds its code (e.g. APP_REVOKED). */
  | 'SERVICE_REFUSED'
  /** The service could not be reached. */
  | 'SERVICE_UNREACHABLE'
  /** The service answered something that is not the documented response. */
  | 'RESPONSE_INVALID';

export class TesseraClientError extends Error {
  override readonly name = 'TesseraClientError';

  constructor(
    readonly code: TesseraClientErrorCode,
    message: string,
    /** The service's own error code and HTTP status, for SERVICE_REFUSED. */
    readonly serviceCode?: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
