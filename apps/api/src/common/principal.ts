import type { TokenScope } from '../accounts/api-token.entity.js';
import type { MemberRole } from '../accounts/membership.entity.js';
import type { OrganisationKind } from '../registry/organisation.entity.js';

export interface PrincipalMembership {
  readonly organisationId: string;
  readonly organisationName: string;
  readonly organisationKind: OrganisationKind;
  readonly role: MemberRole;
}

/** Who is calling, as the access guard established it. */
export type Principal =
  | { readonly kind: 'admin-credential'; readonly label: string }
  | {
      readonly kind: 'user';
      readonly userId: string;
      readonly email: string;
      readonly displayName: string;
      readonly sessionSecret: string;
      readonly sessionExpiresAt: Date;
      readonly memberships: readonly PrincipalMembership[];
    }
  | {
      readonly kind: 'api-token';
      readonly tokenId: string;
      readonly organisationId: string;
      readonly scopes: readonly TokenScope[];
    };

/** The name written to the audit log for this principal. */
export function actorName(principal: Principal): string {
  switch (principal.kind) {
    case 'admin-credential':
      return `admin:${principal.label}`;
    case 'user':
      return `user:${principal.email}`;
    case 'api-token':
      return `token:${principal.tokenId}`;
  }
}

export function isVendorAdmin(principal: Principal): boolean {
  if (principal.kind === 'admin-credential') return true;
  return (
    principal.kind === 'user' &&
    principal.memberships.some((m) => m.organisationKind === 'vendor' && m.role === 'admin')
  );
}
