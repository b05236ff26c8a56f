import { parseStrictJson } from '../strict-json.js';
import { TrustBundleError } from './errors.js';
import { MAX_ROOT_TRANSITIONS, MAX_TRUST_STATE_BYTES } from './limits.js';

/**
 * What a site remembers between loads: the highest bundle version accepted (and a digest of
 * its payload), and each bundle that moved trust to a new root, oldest first. The transitions
 * are kept whole and re-verified from the pinned root at every load, so this state cannot
 * make a root trusted; it can only be lost, which is what the README warns about.
 */
export interface TrustState {
  readonly highestVersion: number;
  readonly payloadDigest: string;
  readonly rootTransitions: readonly string[];
}

/** Where the state lives. `read` returns the stored text, or undefined when there is none yet. */
export interface TrustStateStore {
  read(): string | undefined;
  write(text: string): void;
}

const STATE_FORMAT = 1;
const STATE_JSON_DEPTH = 2;
const DIGEST = /^[A-Za-z0-9_-]{43}$/;

export function parseTrustState(text: string | undefined): TrustState | undefined {
  if (text === undefined) {
    return undefined;
  }
  const state =
    text.length <= MAX_TRUST_STATE_BYTES ? parseStrictJson(text, STATE_JSON_DEPTH) : undefined;
  const transitions = state?.rootTransitions;
  const valid =
    state !== undefined &&
    state.format === STATE_FORMAT &&
    Number.isSafeInteger(state.highestVersion) &&
    (state.highestVersion as number) >= 1 &&
    typeof state.payloadDigest === 'string' &&
    DIGEST.test(state.payloadDigest) &&
    Array.isArray(transitions) &&
    transitions.length <= MAX_ROOT_TRANSITIONS &&
    transitions.every((entry) => typeof entry === 'string');
  if (!valid) {
    throw new TrustBundleError(
      'TRUST_STATE_INVALID',
      'trust state must hold format 1, highestVersion, payloadDigest and rootTransitions',
    );
  }
  return {
    highestVersion: state.highestVersion as number,
    payloadDigest: state.payloadDigest as string,
    rootTransitions: transitions,
  };
}

/**
 * The highest bundle version a stored state records; throws TRUST_STATE_INVALID when the text
 * is not a state. For choosing between two states this process has (one held, one on disk).
 */
export function trustStateVersion(text: string): number {
  return (parseTrustState(text) as TrustState).highestVersion;
}

export function serialiseTrustState(state: TrustState): string {
  return `${JSON.stringify({ format: STATE_FORMAT, ...state }, null, 2)}\n`;
}
