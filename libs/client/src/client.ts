import { base64, base64urlDecode, randomId } from './encoding.js';
import { TesseraClientError } from './errors.js';
import type { PlatformAttestation } from './platform.js';
import {
  accessTokenHash,
  androidRefreshProof,
  dpopProof,
  enrolmentClientDataHash,
  refreshClientDataHash,
  targetUri,
} from './protocol.js';
import { ServiceApi, type TokenResponse } from './service-api.js';

export interface TesseraClientOptions {
  /** The Tessera service, e.g. `https://attest.vendor.example` (no trailing slash needed). */
  readonly serviceUrl: string;
  readonly platform: PlatformAttestation;
  /** Default: the global fetch. */
  readonly fetch?: typeof fetch;
  /** Default: the system clock. */
  readonly now?: () => Date;
  /** Refresh when the token has fewer seconds than this left. Default 60. */
  readonly refreshMarginSeconds?: number;
  /** A state saved from an earlier run (`state`), so the app need not enrol again. */
  readonly state?: TesseraClientState;
}

/** What an app persists between runs (in the keychain or encrypted preferences). */
export interface TesseraClientState {
  readonly installationId: string;
  readonly token: string;
  /** ISO 8601. */
  readonly expiresAt: string;
}

const DEFAULT_REFRESH_MARGIN_SECONDS = 60;

/**
 * The app side of Tessera: enrolment with the platform's attestation, refresh before the token
 * expires (an assertion on iOS, a signed proof on Android), and requests to the customer's
 * server carrying the token and a fresh DPoP proof each.
 */
export class TesseraClient {
  private readonly api: ServiceApi;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: () => Date;
  private readonly marginMs: number;
  private current: TesseraClientState | undefined;
  private pendingRefresh: Promise<TesseraClientState> | undefined;

  constructor(private readonly options: TesseraClientOptions) {
    const margin = options.refreshMarginSeconds ?? DEFAULT_REFRESH_MARGIN_SECONDS;
    if (!Number.isSafeInteger(margin) || margin < 0) {
      throw new TypeError('refreshMarginSeconds must be a non-negative integer');
    }
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.api = new ServiceApi(options.serviceUrl.replace(/\/+$/, ''), this.fetchImpl);
    this.clock = options.now ?? (() => new Date());
    this.marginMs = margin * 1000;
    this.current = options.state;
  }

  /** The state to persist, once enrolled. */
  get state(): TesseraClientState | undefined {
    return this.current;
  }

  /** Challenge, platform attestation, enrolment: a new installation and its first token. */
  async enrol(): Promise<TesseraClientState> {
    const { platform } = this.options;
    const challenge = await this.api.challenge();
    let response: TokenResponse;
    if (platform.platform === 'android') {
      const chain = await platform.generateAttestedKey(base64urlDecode(challenge));
      response = await this.api.tokens('/v1/installations/android', {
        challenge,
        certificateChain: chain.map(base64),
      });
    } else {
      const proofKey = await platform.publicJwk();
      const clientDataHash = await enrolmentClientDataHash(challenge, proofKey);
      const { keyId, attestationObject } = await platform.attestKey(clientDataHash);
      response = await this.api.tokens('/v1/installations/ios', {
        challenge,
        appId: platform.appId,
        keyId,
        attestationObject: base64(attestationObject),
        proofKey: { kty: proofKey.kty, crv: proofKey.crv, x: proofKey.x, y: proofKey.y },
      });
    }
    return this.keep(response);
  }

  /** A new token for this installation, without a new attestation. One at a time. */
  refresh(): Promise<TesseraClientState> {
    this.pendingRefresh ??= this.refreshOnce().finally(() => (this.pendingRefresh = undefined));
    return this.pendingRefresh;
  }

  /** The current token, refreshed first when it has less than the margin left. */
  async token(): Promise<string> {
    const state = this.enrolled();
    const left = Date.parse(state.expiresAt) - this.clock().getTime();
    return left > this.marginMs ? state.token : (await this.refresh()).token;
  }

  /** `fetch` with `Authorization: DPoP <token>` and a fresh DPoP proof for this method and URL. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const token = await this.token();
    const method = (init.method ?? 'GET').toUpperCase();
    const proof = await dpopProof(this.options.platform, {
      jti: randomId(),
      htm: method,
      htu: targetUri(url),
      iat: Math.floor(this.clock().getTime() / 1000),
      ath: await accessTokenHash(token),
    });
    const headers = new Headers(init.headers);
    headers.set('authorization', `DPoP ${token}`);
    headers.set('dpop', proof);
    return this.fetchImpl(url, { ...init, method, headers });
  }

  private async refreshOnce(): Promise<TesseraClientState> {
    const { installationId } = this.enrolled();
    const { platform } = this.options;
    const challenge = await this.api.challenge();
    const evidence =
      platform.platform === 'android'
        ? {
            proof: await androidRefreshProof(platform, {
              sub: installationId,
              chl: challenge,
              iat: Math.floor(this.clock().getTime() / 1000),
            }),
          }
        : {
            assertion: base64(
              await platform.generateAssertion(
                await refreshClientDataHash(challenge, installationId),
              ),
            ),
          };
    return this.keep(
      await this.api.tokens('/v1/tokens', { installationId, challenge, ...evidence }),
    );
  }

  private enrolled(): TesseraClientState {
    if (this.current === undefined) {
      throw new TesseraClientError('NOT_ENROLLED', 'enrol() must succeed before tokens are used');
    }
    return this.current;
  }

  private keep(response: TokenResponse): TesseraClientState {
    this.current = {
      installationId: response.installationId,
      token: response.token,
      expiresAt: response.expiresAt,
    };
    return this.current;
  }
}
