import { ApiError, del, get, post, setCsrfToken } from './api.mjs';
import type { Membership, SessionView } from './types.mjs';

let current: SessionView | undefined;

/** Who is signed in, asked of the service (the cookie is HttpOnly); undefined when nobody. */
export async function loadSession(): Promise<SessionView | undefined> {
  try {
    return adopt(await get<SessionView>('/v1/session'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return adopt(undefined);
    throw error;
  }
}

export function adopt(session: SessionView | undefined): SessionView | undefined {
  current = session;
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
  await del('/v1/session');
  adopt(undefined);
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
