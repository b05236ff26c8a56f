import { ApiError, del, get, post, setCsrfToken } from './api.mjs';
import type { Membership, SessionView } from './types.mjs';

let current: SessionView | undefined;

/**
 * A hint, kept in this browser's storage, that a session may exist. The session cookie is
 * HttpOnly, so the page cannot see it; without the hint nobody has signed in here (or has
 * signed out), and asking the service would only log a refused request in the console. The
 * hint holds no secret: a stale one costs one refused request; a missing one shows sign-in.
 */
const SESSION_HINT = 'tessera.signedIn';

function hasSessionHint(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT) === '1';
  } catch {
    return true;
  }
}

function setSessionHint(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SESSION_HINT, '1');
    else localStorage.removeItem(SESSION_HINT);
  } catch {
    // Storage refused (private mode, policy): the service is asked every time instead.
  }
}

/** Who is signed in, asked of the service (the cookie is HttpOnly); undefined when nobody. */
export async function loadSession(): Promise<SessionView | undefined> {
  if (!hasSessionHint()) return adopt(undefined);
  try {
    return adopt(await get<SessionView>('/v1/session'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return adopt(undefined);
    throw error;
  }
}

export function adopt(session: SessionView | undefined): SessionView | undefined {
  current = session;
  setSessionHint(session !== undefined);
  setCsrfToken(session?.csrfToken);
  return session;
}

export function session(): SessionView | undefined {
  return current;
}

export async function signIn(email: string, password: string): Promise<SessionView> {
  return adopt(await post<SessionView>('/v1/session', { email, password })) as SessionView;
}

export async function signOut(): Promise<void> {
  try {
    await del('/v1/session');
  } finally {
    adopt(undefined);
  }
}

/** The signed-in user's membership of the vendor organisation, if any. */
export function vendorRole(): Membership | undefined {
  return current?.memberships.find((m) => m.organisationKind === 'vendor');
}

export function partnerMemberships(): Membership[] {
  return current?.memberships.filter((m) => m.organisationKind === 'partner') ?? [];
}

export function isVendorAdmin(): boolean {
  return vendorRole()?.role === 'admin';
}

/** Reviewers and vendor admins see the review pages. */
export function isVendorStaff(): boolean {
  return vendorRole() !== undefined;
}
