import type { SigningKeyEntity } from './signing-key.entity.js';

const MS_PER_SECOND = 1000;
const MS_PER_DAY = 86_400_000;

/** Longest window a signing key may be given. */
export const MAX_SIGNING_WINDOW_DAYS = 3 * 365;

/** Windows are kept in whole seconds, as token `iat` is. */
export function wholeSecondWindow(notBefore: Date, notAfter: Date): [Date, Date] {
  return [
    new Date(Math.floor(notBefore.getTime() / MS_PER_SECOND) * MS_PER_SECOND),
    new Date(Math.floor(notAfter.getTime() / MS_PER_SECOND) * MS_PER_SECOND),
  ];
}

/** Why a requested window is unusable, or undefined when it is fine. */
export function windowProblem(notBefore: Date, notAfter: Date, now: Date): string | undefined {
  if (notAfter.getTime() <= notBefore.getTime()) return 'notAfter must be after notBefore';
  if (notAfter.getTime() <= now.getTime()) return 'notAfter must be in the future';
  if (notAfter.getTime() - notBefore.getTime() > MAX_SIGNING_WINDOW_DAYS * MS_PER_DAY) {
    return `a window may last at most ${MAX_SIGNING_WINDOW_DAYS} days`;
  }
  return undefined;
}

/** The token `iat` of a token signed at `now`: whole seconds. */
export function issuedAtMs(now: Date): number {
  return Math.floor(now.getTime() / MS_PER_SECOND) * MS_PER_SECOND;
}

export function signsAt(key: Pick<SigningKeyEntity, 'notBefore' | 'notAfter'>, now: Date): boolean {
  const iat = issuedAtMs(now);
  return iat >= key.notBefore.getTime() && iat < key.notAfter.getTime();
}

/**
 * Whether tokens by this key may still be in circulation: any key not retired, and a retired
 * one until the last token it could have signed has expired.
 */
export function inCirculation(
  key: SigningKeyEntity,
  now: Date,
  tokenLifetimeSeconds: number,
): boolean {
  if (key.state !== 'retired') return true;
  return key.notAfter.getTime() + tokenLifetimeSeconds * MS_PER_SECOND > now.getTime();
}
