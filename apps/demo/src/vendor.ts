import { callJson } from './http.js';

/** The vendor's reviewer at work, through the admin API. */
export class Vendor {
  constructor(
    private readonly serviceUrl: string,
    private readonly adminToken: string,
  ) {}

  private async admin<T>(path: string, body?: unknown, method?: string): Promise<T> {
    const result = await callJson<T>(`${this.serviceUrl}/v1/admin/${path}`, {
      body,
      ...(method !== undefined && { method }),
      headers: { Authorization: `Bearer ${this.adminToken}` },
    });
    if (result.status >= 300) throw new Error(`admin ${path} refused: ${result.verdict}`);
    return result.body;
  }

  async deployment(id: string, name: string): Promise<void> {
    await this.admin('deployments', { id, name });
  }

  async organisation(name: string): Promise<string> {
    return (await this.admin<{ id: string }>('organisations', { name, kind: 'partner' })).id;
  }

  async registerAndroid(
    organisationId: string,
    packageName: string,
    digest: string,
  ): Promise<string> {
    const app = await this.admin<{ id: string }>('apps', {
      organisationId,
      name: packageName,
      platform: 'android',
      androidPackage: packageName,
      androidSigningDigests: [digest],
    });
    return app.id;
  }

  async registerIos(organisationId: string, teamId: string, bundleId: string): Promise<string> {
    const app = await this.admin<{ id: string }>('apps', {
      organisationId,
      name: bundleId,
      platform: 'ios',
      iosTeamId: teamId,
      iosBundleId: bundleId,
      iosEnvironment: 'development',
    });
    return app.id;
  }

  async decide(appId: string, decision: 'approve' | 'revoke', note: string): Promise<string> {
    return (await this.admin<{ reviewState: string }>(`apps/${appId}/review`, { decision, note }))
      .reviewState;
  }

  async allow(appId: string, deploymentIds: string[]): Promise<void> {
    await this.admin(`apps/${appId}/deployments`, { deploymentIds }, 'PUT');
  }

  async auditIntact(): Promise<string> {
    const report = await this.admin<{ intact: boolean; entries: number }>('audit/verify');
    return report.intact ? `intact (${report.entries} entries)` : 'broken';
  }
}
