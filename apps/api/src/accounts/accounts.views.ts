import type { Response } from 'express';
import type { PortalConfig } from '../config/config.js';
import type { ApiTokenEntity } from './api-token.entity.js';
import type { InvitationEntity } from './invitation.entity.js';
import type { MemberRole } from './membership.entity.js';
import { csrfTokenFor } from './secrets.js';
import type { UserPrincipal } from './session.service.js';
import { setSessionCookie } from './session-cookie.js';

export interface SessionView {
  user: { id: string; email: string; displayName: string };
  memberships: {
    organisationId: string;
    organisationName: string;
    organisationKind: 'vendor' | 'partner';
    role: MemberRole;
  }[];
  csrfToken: string;
  expiresAt: string;
}

export function sessionView(principal: UserPrincipal): SessionView {
  return {
    user: { id: principal.userId, email: principal.email, displayName: principal.displayName },
    memberships: principal.memberships.map((m) => ({ ...m })),
    csrfToken: csrfTokenFor(principal.sessionSecret),
    expiresAt: principal.sessionExpiresAt.toISOString(),
  };
}

/** Sets the cookie of a session just made. */
export function startSession(
  res: Response,
  config: PortalConfig,
  session: { secret: string; expiresAt: Date },
): void {
  setSessionCookie(res, config, session.secret, session.expiresAt);
}

export interface InvitationView {
  id: string;
  email: string;
  organisationId: string;
  role: MemberRole;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
}

export function invitationView(entity: InvitationEntity): InvitationView {
  return {
    id: entity.id,
    email: entity.email,
    organisationId: entity.organisationId,
    role: entity.role,
    invitedBy: entity.invitedBy,
    createdAt: entity.createdAt.toISOString(),
    expiresAt: entity.expiresAt.toISOString(),
    acceptedAt: entity.acceptedAt?.toISOString() ?? null,
  };
}

export interface ApiTokenView {
  id: string;
  organisationId: string;
  name: string;
  hint: string;
  scopes: string[];
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function apiTokenView(entity: ApiTokenEntity): ApiTokenView {
  return {
    id: entity.id,
    organisationId: entity.organisationId,
    name: entity.name,
    hint: entity.hint,
    scopes: entity.scopes,
    createdBy: entity.createdBy,
    createdAt: entity.createdAt.toISOString(),
    expiresAt: entity.expiresAt?.toISOString() ?? null,
    lastUsedAt: entity.lastUsedAt?.toISOString() ?? null,
    revokedAt: entity.revokedAt?.toISOString() ?? null,
  };
}

export interface MemberView {
  userId: string;
  email: string;
  displayName: string;
  role: MemberRole;
  joinedAt: string;
}
