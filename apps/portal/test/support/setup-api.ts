import type { TestService } from '../../../api/test/support/test-service.js';

/** Steps outside the portal (the bootstrap credential, accepting an invitation), over HTTP. */
export class SetupApi {
  constructor(private readonly service: TestService) {}

  private async call<T>(method: string, path: string, body: unknown, bearer: boolean): Promise<T> {
    const response = await fetch(`${this.service.url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(bearer && this.service.adminAuth) },
      body: JSON.stringify(body),
    });
    const payload = (await response.json()) as T;
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(payload)}`);
    return payload;
  }

  async organisation(name: string, kind: 'vendor' | 'partner'): Promise<string> {
    return (
      await this.call<{ id: string }>('POST', '/v1/admin/organisations', { name, kind }, true)
    ).id;
  }

  /** Invites with the bootstrap admin credential; returns the token from the link's fragment. */
  async invite(organisationId: string, email: string, role: string): Promise<string> {
    const { link } = await this.call<{ link: string }>(
      'POST',
      `/v1/organisations/${organisationId}/invitations`,
      { email, role },
      true,
    );
    return invitationToken(link);
  }

  async accept(token: string, displayName: string, password: string): Promise<void> {
    await this.call('POST', '/v1/invitations/accept', { token, displayName, password }, false);
  }

  /** An account made the way every account is: invited, then accepted. */
  async user(organisationId: string, email: string, role: string, password: string): Promise<void> {
    await this.accept(
      await this.invite(organisationId, email, role),
      email.split('@')[0] ?? email,
      password,
    );
  }
}

export function invitationToken(link: string): string {
  const token = new URL(link).hash.slice(1);
  if (token === '') throw new Error(`invitation link without a token: ${link}`);
  return token;
}
