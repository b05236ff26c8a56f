import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import type { TestService } from './test-service.js';

export const TEST_PASSWORD = 'correct horse battery staple';
const BUILD_FIXTURES = resolve('apps/api/test/fixtures/builds');

export function buildFixture(name: string): Buffer {
  return readFileSync(resolve(BUILD_FIXTURES, name));
}

/** A browser signed in to the portal: its session cookie and CSRF token. */
export class PortalSession {
  constructor(
    private readonly service: TestService,
    readonly cookie: string,
    readonly csrfToken: string,
    readonly userId: string,
  ) {}

  get(path: string) {
    return request(this.service.url).get(path).set('Cookie', this.cookie);
  }

  post(path: string, body?: object) {
    const req = request(this.service.url)
      .post(path)
      .set('Cookie', this.cookie)
      .set('X-CSRF-Token', this.csrfToken);
    return body === undefined ? req : req.send(body);
  }

  put(path: string, body: object) {
    return request(this.service.url)
      .put(path)
      .set('Cookie', this.cookie)
      .set('X-CSRF-Token', this.csrfToken)
      .send(body);
  }

  delete(path: string) {
    return request(this.service.url)
      .delete(path)
      .set('Cookie', this.cookie)
      .set('X-CSRF-Token', this.csrfToken);
  }

  /** Sends a build file as the raw body, as the portal and pipelines do. */
  upload(appId: string, file: Buffer, fileName: string, appSigningDigest?: string) {
    const query = new URLSearchParams({ fileName });
    if (appSigningDigest !== undefined) query.set('appSigningCertificateSha256', appSigningDigest);
    return this.post(`/v1/apps/${appId}/builds?${query.toString()}`)
      .set('Content-Type', 'application/octet-stream')
      .send(file);
  }
}

/** The `name=value` part of the session cookie the service set. */
export function sessionCookie(res: request.Response): string {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const line = raw?.find((value) => /tessera_session=/.test(value));
  if (line === undefined) throw new Error('no session cookie was set');
  return line.split(';')[0] ?? '';
}

export async function signIn(
  service: TestService,
  email: string,
  password = TEST_PASSWORD,
): Promise<PortalSession> {
  const res = await request(service.url).post('/v1/session').send({ email, password }).expect(200);
  const body = res.body as { csrfToken: string; user: { id: string } };
  return new PortalSession(service, sessionCookie(res), body.csrfToken, body.user.id);
}

/** The admin invites someone into an organisation; they accept and are signed in. */
export async function invitedMember(
  service: TestService,
  organisationId: string,
  email: string,
  role: 'admin' | 'reviewer' | 'developer',
): Promise<PortalSession> {
  const invited = await request(service.url)
    .post(`/v1/organisations/${organisationId}/invitations`)
    .set(service.adminAuth)
    .send({ email, role })
    .expect(201);
  const token = invitationToken((invited.body as { link: string }).link);
  const res = await request(service.url)
    .post('/v1/invitations/accept')
    .send({ token, password: TEST_PASSWORD, displayName: email.split('@')[0] })
    .expect(200);
  const body = res.body as { csrfToken: string; user: { id: string } };
  return new PortalSession(service, sessionCookie(res), body.csrfToken, body.user.id);
}

export function invitationToken(link: string): string {
  return new URL(link).hash.slice(1);
}

export async function createOrganisation(
  service: TestService,
  name: string,
  kind: 'vendor' | 'partner',
): Promise<string> {
  const res = await request(service.url)
    .post('/v1/admin/organisations')
    .set(service.adminAuth)
    .send({ name, kind })
    .expect(201);
  return (res.body as { id: string }).id;
}
