import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiTokenService } from '../accounts/api-token.service.js';
import { csrfTokenFor, sameText } from '../accounts/secrets.js';
import { SessionService } from '../accounts/session.service.js';
import { readSessionCookie } from '../accounts/session-cookie.js';
import { actorName, type Principal } from '../common/principal.js';
import { ServiceError } from '../common/service-error.js';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/config.js';
import { ACCESS_KEY, type Access, type AccessRule } from './access.decorator.js';
import { AdminCredentialService } from './admin-credential.service.js';
import { ResourceOwnerService } from './resource-owner.service.js';

type GuardedRequest = Request & { actor?: string; principal?: Principal };

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Deny by default: a route that does not say who may call it cannot be called. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: AdminCredentialService,
    private readonly sessions: SessionService,
    private readonly apiTokens: ApiTokenService,
    private readonly owners: ResourceOwnerService,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (access === 'public') return true;
    if (access === undefined || typeof access !== 'object') {
      throw new ServiceError('FORBIDDEN', 'this route declares no access');
    }

    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const principal = await this.authenticate(request);
    request.principal = principal;
    request.actor = actorName(principal);

    if (principal.kind === 'user' && !SAFE_METHODS.has(request.method)) {
      const offered = request.header('x-csrf-token') ?? '';
      if (!sameText(offered, csrfTokenFor(principal.sessionSecret))) {
        throw new ServiceError('CSRF_TOKEN_INVALID', 'X-CSRF-Token is missing or wrong');
      }
    }

    await this.authorise(access, principal, request.params as Record<string, string>);
    return true;
  }

  /** Bearer credentials first (admin `tsa_`, pipeline `tsp_`), else the session cookie. */
  private async authenticate(request: GuardedRequest): Promise<Principal> {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const token = bearerToken(authorization);
      if (token === undefined) {
        throw new ServiceError(
          'UNAUTHENTICATED',
          'Authorization must be "Bearer <credential>" with a tsa_ or tsp_ credential of 20 to 200 characters',
        );
      }
      const principal = token.startsWith('tsp_')
        ? await this.apiTokens.authenticate(token)
        : await this.adminPrincipal(token);
      if (principal === undefined) throw new ServiceError('UNAUTHENTICATED', 'credential unknown');
      return principal;
    }
    const secret = readSessionCookie(request, this.config.portal);
    const user = secret === undefined ? undefined : await this.sessions.authenticate(secret);
    if (user === undefined) {
      throw new ServiceError('UNAUTHENTICATED', 'sign in, or send a Bearer credential');
    }
    return user;
  }

  private async adminPrincipal(token: string): Promise<Principal | undefined> {
    const label = await this.credentials.identify(token);
    return label === undefined ? undefined : { kind: 'admin-credential', label };
  }

  private async authorise(
    rule: AccessRule,
    principal: Principal,
    params: Readonly<Record<string, string | undefined>>,
  ): Promise<void> {
    if (principal.kind === 'admin-credential') {
      if (rule.vendor?.includes('admin') === true) return;
      throw new ServiceError('FORBIDDEN', 'this route is not for the admin credential');
    }

    if (principal.kind === 'api-token') {
      if (rule.token === undefined) {
        throw new ServiceError('FORBIDDEN', 'this route does not take API tokens');
      }
      if (!principal.scopes.includes(rule.token)) {
        throw new ServiceError('FORBIDDEN', `this API token lacks the scope ${rule.token}`);
      }
      await this.requireOwner(params, principal.organisationId);
      return;
    }

    if (rule.anyUser === true) return;
    const vendorRoles = rule.vendor ?? [];
    const isVendor = principal.memberships.some(
      (m) => m.organisationKind === 'vendor' && (vendorRoles as readonly string[]).includes(m.role),
    );
    if (isVendor) return;

    const partnerRoles: readonly string[] = rule.partner ?? [];
    const partnerOf = principal.memberships.filter((m) => m.organisationKind === 'partner');
    if (partnerRoles.length === 0 || partnerOf.length === 0) {
      throw new ServiceError('FORBIDDEN', 'your roles do not allow this');
    }
    const owner = await this.owners.ownerOf(params);
    const own = partnerOf.find((m) => m.organisationId === owner);
    if (own !== undefined && partnerRoles.includes(own.role)) return;
    if (own !== undefined) {
      throw new ServiceError('FORBIDDEN', 'your role in this organisation does not allow this');
    }
    // Another organisation's resource looks exactly like one that does not exist.
    throw new ServiceError('NOT_FOUND', 'not found');
  }

  private async requireOwner(
    params: Readonly<Record<string, string | undefined>>,
    organisationId: string,
  ): Promise<void> {
    const owner = await this.owners.ownerOf(params);
    if (owner === undefined || owner !== organisationId) {
      throw new ServiceError('NOT_FOUND', 'not found');
    }
  }
}

function bearerToken(header: string): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
  return match?.[1];
}
