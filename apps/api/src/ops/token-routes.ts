/** The run-time routes that answer with a token, and what each one counts as. */
export interface TokenRoute {
  readonly operation: 'enrolment' | 'refresh';
  readonly platform?: 'android' | 'ios';
}

/** Keyed by `METHOD route-template`, as Express reports the matched route. */
export const TOKEN_ROUTES: ReadonlyMap<string, TokenRoute> = new Map([
  ['POST /v1/installations/android', { operation: 'enrolment', platform: 'android' }],
  ['POST /v1/installations/ios', { operation: 'enrolment', platform: 'ios' }],
  ['POST /v1/tokens', { operation: 'refresh' }],
]);
