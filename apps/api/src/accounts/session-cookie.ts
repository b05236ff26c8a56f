import { parse, serialize } from 'cookie';
import type { Request, Response } from 'express';
import type { PortalConfig } from '../config/config.js';

/** `__Host-` binds the cookie to our host and path `/`, and needs `Secure`. */
export function sessionCookieName(config: PortalConfig): string {
  return config.secureCookies ? '__Host-tessera_session' : 'tessera_session';
}

const SESSION_SECRET = /^[A-Za-z0-9_-]{43}$/;

/** The session secret the browser sent, when well-formed. */
export function readSessionCookie(req: Request, config: PortalConfig): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined || header.length > 8192) return undefined;
  const value = parse(header)[sessionCookieName(config)];
  return value !== undefined && SESSION_SECRET.test(value) ? value : undefined;
}

export function setSessionCookie(
  res: Response,
  config: PortalConfig,
  secret: string,
  expiresAt: Date,
): void {
  res.append(
    'Set-Cookie',
    serialize(sessionCookieName(config), secret, {
      httpOnly: true,
      secure: config.secureCookies,
      sameSite: 'strict',
      path: '/',
      expires: expiresAt,
    }),
  );
}

export function clearSessionCookie(res: Response, config: PortalConfig): void {
  res.append(
    'Set-Cookie',
    serialize(sessionCookieName(config), '', {
      httpOnly: true,
      secure: config.secureCookies,
      sameSite: 'strict',
      path: '/',
      expires: new Date(0),
    }),
  );
}
