import { TesseraClientError } from './errors.js';

/** The token response of enrolment and refresh (PROTOCOL.md §2, §4). */
export interface TokenResponse {
  readonly installationId: string;
  readonly token: string;
  readonly tokenType: 'DPoP';
  readonly expiresAt: string;
  readonly audience: readonly string[];
}

const MAX_RESPONSE_CHARS = 64 * 1024;

/** The three run-time calls of the Tessera service, over the app's fetch. */
export class ServiceApi {
  constructor(
    private readonly serviceUrl: string,
    private readonly fetchImpl: typeof fetch,
  ) {}

  async challenge(): Promise<string> {
    const body = await this.post('/v1/challenges', undefined);
    const challenge = (body as { challenge?: unknown }).challenge;
    if (typeof challenge !== 'string' || !/^[A-Za-z0-9_-]{1,512}$/.test(challenge)) {
      throw new TesseraClientError('RESPONSE_INVALID', 'challenge response has no challenge');
    }
    return challenge;
  }

  async tokens(path: string, request: object): Promise<TokenResponse> {
    return tokenResponse(await this.post(path, request));
  }

  private async post(path: string, request: object | undefined): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.serviceUrl}${path}`, {
        method: 'POST',
        headers: request === undefined ? {} : { 'content-type': 'application/json' },
        ...(request !== undefined && { body: JSON.stringify(request) }),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'network error';
      throw new TesseraClientError('SERVICE_UNREACHABLE', `POST ${path} failed: ${reason}`);
    }
    const text = await response.text();
    const body = text.length <= MAX_RESPONSE_CHARS ? parseJson(text) : undefined;
    if (!response.ok) {
      const { error, message } = (body ?? {}) as { error?: unknown; message?: unknown };
      throw new TesseraClientError(
        'SERVICE_REFUSED',
        `POST ${path} was refused: ${typeof message === 'string' ? message : response.status}`,
        typeof error === 'string' ? error : undefined,
        response.status,
      );
    }
    if (body === undefined || typeof body !== 'object' || body === null) {
      throw new TesseraClientError('RESPONSE_INVALID', `POST ${path} answered no JSON object`);
    }
    return body;
  }
}

function tokenResponse(body: unknown): TokenResponse {
  const value = body as Partial<Record<keyof TokenResponse, unknown>>;
  if (
    typeof value.installationId !== 'string' ||
    typeof value.token !== 'string' ||
    value.tokenType !== 'DPoP' ||
    typeof value.expiresAt !== 'string' ||
    Number.isNaN(Date.parse(value.expiresAt)) ||
    !Array.isArray(value.audience)
  ) {
    throw new TesseraClientError('RESPONSE_INVALID', 'token response is not as documented');
  }
  return value as TokenResponse;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
