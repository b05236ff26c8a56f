import request from 'supertest';
import type { TestService } from './test-service.js';

export interface AndroidIdentity {
  packageName: string;
  signingDigests: string[];
}

export interface IosIdentity {
  teamId: string;
  bundleId: string;
  environment: 'production' | 'development';
}

/** Registry steps a vendor admin takes, through the HTTP API. */
export class AdminClient {
  constructor(private readonly service: TestService) {}

  private post(path: string, body: object) {
    return request(this.service.url).post(path).set(this.service.adminAuth).send(body);
  }

  async organisation(name: string): Promise<string> {
    const res = await this.post('/v1/admin/organisations', { name, kind: 'partner' }).expect(201);
    return (res.body as { id: string }).id;
  }

  async deployment(id: string): Promise<void> {
    await this.post('/v1/admin/deployments', { id, name: `Deployment ${id}` }).expect(201);
  }

  async androidApp(organisationId: string, identity: AndroidIdentity): Promise<string> {
    const res = await this.post('/v1/admin/apps', {
      organisationId,
      name: identity.packageName,
      platform: 'android',
      androidPackage: identity.packageName,
      androidSigningDigests: identity.signingDigests,
    }).expect(201);
    return (res.body as { id: string }).id;
  }

  async iosApp(organisationId: string, identity: IosIdentity): Promise<string> {
    const res = await this.post('/v1/admin/apps', {
      organisationId,
      name: identity.bundleId,
      platform: 'ios',
      iosTeamId: identity.teamId,
      iosBundleId: identity.bundleId,
      iosEnvironment: identity.environment,
    }).expect(201);
    return (res.body as { id: string }).id;
  }

  async review(appId: string, decision: 'approve' | 'reject' | 'revoke'): Promise<void> {
    await this.post(`/v1/admin/apps/${appId}/review`, {
      decision,
      note: `${decision} in test`,
    }).expect(200);
  }

  async allow(appId: string, deploymentIds: string[]): Promise<void> {
    await request(this.service.url)
      .put(`/v1/admin/apps/${appId}/deployments`)
      .set(this.service.adminAuth)
      .send({ deploymentIds })
      .expect(200);
  }

  /** Registers, approves and allows an app in one go. */
  async approvedAndroidApp(identity: AndroidIdentity, deployments: string[]): Promise<string> {
    const organisation = await this.organisation(`org-${identity.packageName}-${Date.now()}`);
    const appId = await this.androidApp(organisation, identity);
    await this.review(appId, 'approve');
    await this.allow(appId, deployments);
    return appId;
  }

  async approvedIosApp(identity: IosIdentity, deployments: string[]): Promise<string> {
    const organisation = await this.organisation(`org-${identity.bundleId}-${Date.now()}`);
    const appId = await this.iosApp(organisation, identity);
    await this.review(appId, 'approve');
    await this.allow(appId, deployments);
    return appId;
  }
}
