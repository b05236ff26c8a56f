import { SetMetadata } from '@nestjs/common';
import type { TokenScope } from '../accounts/api-token.entity.js';

export type VendorRole = 'admin' | 'reviewer';
export type PartnerRole = 'admin' | 'developer';

/**
 * Who may call a route, beyond the public ones. Partner and token access are always to one
 * organisation: the one named by the route's `:organisationId`, or owning its `:appId`,
 * `:buildId` or `:tokenId`.
 */
export interface AccessRule {
  /** Vendor staff with one of these roles (the admin bearer credential counts as vendor admin). */
  readonly vendor?: readonly VendorRole[];
  /** Members of the owning partner organisation with one of these roles, signed in. */
  readonly partner?: readonly PartnerRole[];
  /** An API token of the owning organisation holding this scope. */
  readonly token?: TokenScope;
  /** Any signed-in user, whatever their roles (their own session). */
  readonly anyUser?: true;
}

export type Access = 'public' | AccessRule;
export const ACCESS_KEY = 'tessera:access';

/** Anyone may call this route: devices, customer servers fetching keys, load balancers. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, 'public');

/** Only a vendor admin (the admin bearer credential, or a vendor admin's session). */
export const AdminOnly = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_KEY, { vendor: ['admin'] } satisfies AccessRule);

/** Vendor admins and reviewers. */
export const VendorStaff = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_KEY, { vendor: ['admin', 'reviewer'] } satisfies AccessRule);

/** Says exactly who may call this route. */
export const Allow = (rule: AccessRule): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_KEY, rule);
