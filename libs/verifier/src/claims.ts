import { MAX_AUDIENCES, MAX_CLAIM_LENGTH, MAX_JTI_LENGTH } from './limits.js';
import { isJsonObject } from './strict-json.js';

/** What the vendor's service established about the calling app (the token's `app` claim). */
export interface AppFacts {
  readonly id: string;
  readonly platform: 'android' | 'ios';
  readonly packageName?: string;
  readonly bundleId?: string;
  readonly teamId?: string;
  readonly version?: string;
  readonly environment?: string;
}

const OPTIONAL_APP_FACTS = ['packageName', 'bundleId', 'teamId', 'version', 'environment'] as const;

/** A NumericDate (RFC 7519 §2) restricted to whole, non-negative, safe seconds. */
export function readNumericDate(value: unknown): number | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined;
}

/** A bounded non-empty string, or undefined. */
export function readText(value: unknown, maxLength = MAX_CLAIM_LENGTH): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength
    ? value
    : undefined;
}

export function readJti(value: unknown): string | undefined {
  return readText(value, MAX_JTI_LENGTH);
}

/** `aud` as a list: a single string or a bounded array of strings (RFC 7519 §4.1.3). */
export function readAudience(value: unknown): readonly string[] | undefined {
  if (typeof value === 'string') {
    return readText(value) === undefined ? undefined : [value];
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_AUDIENCES) {
    return undefined;
  }
  const audience: string[] = [];
  for (const entry of value as unknown[]) {
    const deployment = readText(entry);
    if (deployment === undefined) {
      return undefined;
    }
    audience.push(deployment);
  }
  return audience;
}

/** The `app` claim, copied member by member so nothing unexpected reaches the caller. */
export function readAppFacts(value: unknown): AppFacts | undefined {
  if (!isJsonObject(value)) {
    return undefined;
  }
  const id = readText(value.id);
  const platform = value.platform;
  if (id === undefined || (platform !== 'android' && platform !== 'ios')) {
    return undefined;
  }
  const facts: Record<string, string> = { id, platform };
  for (const name of OPTIONAL_APP_FACTS) {
    const fact = value[name];
    if (fact === undefined) {
      continue;
    }
    if (readText(fact) === undefined) {
      return undefined;
    }
    facts[name] = fact as string;
  }
  return facts as unknown as AppFacts;
}
