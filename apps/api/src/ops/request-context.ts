import { AsyncLocalStorage } from 'node:async_hooks';

/** What the operations layer learns about one request while it is handled. */
export interface RequestFacts {
  /** The registered app the request turned out to concern, once the service has looked it up. */
  appId?: string;
  /** The refusal code sent back, when the request was refused. */
  refusal?: string;
}

const storage = new AsyncLocalStorage<RequestFacts>();
/** Also keyed by the request itself, for code that holds it but may run outside its context. */
const byRequest = new WeakMap<object, RequestFacts>();

/** Runs the rest of a request's handling with a fresh, empty set of facts. */
export function withRequestFacts(request: object, facts: RequestFacts, next: () => void): void {
  byRequest.set(request, facts);
  storage.run(facts, next);
}

/**
 * Names the registered app the current request concerns, so metrics can count per app. Only ids
 * of apps found in the registry belong here: a label taken from input would let callers mint
 * unbounded metric series. Outside a request this does nothing.
 */
export function attributeRequestToApp(appId: string): void {
  const facts = storage.getStore();
  if (facts !== undefined) facts.appId = appId;
}

/** Records the refusal code a request is answered with. */
export function noteRefusal(request: object, code: string): void {
  const facts = byRequest.get(request);
  if (facts !== undefined) facts.refusal = code;
}
