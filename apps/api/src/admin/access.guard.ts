import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ServiceError } from '../common/service-error.js';
import { ACCESS_KEY, type Access } from './access.decorator.js';
import { AdminCredentialService } from './admin-credential.service.js';

/** Deny by default: a route that does not say who may call it cannot be called. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: AdminCredentialService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (access === 'public') return true;
    if (access !== 'admin') throw new ServiceError('FORBIDDEN', 'this route declares no access');

    const request = context.switchToHttp().getRequest<Request & { actor?: string }>();
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      throw new ServiceError('UNAUTHENTICATED', 'an admin credential is required (Bearer)');
    }
    const label = await this.credentials.identify(token);
    if (label === undefined) throw new ServiceError('UNAUTHENTICATED', 'admin credential unknown');
    request.actor = `admin:${label}`;
    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return match?.[1];
}
