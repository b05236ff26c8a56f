import { generateKeyPairSync } from 'node:crypto';
import {
  type AndroidDevRoot,
  createAndroidDevAttestation,
} from '../../../../libs/attestation/testing/android-dev-device.js';
import { createRefreshProof } from '../../../../libs/tokens/src/index.js';
import { TokenActivityRecorder } from '../../../api/src/ops/token-activity.recorder.js';
import type { TestService } from '../../../api/test/support/test-service.js';

interface AppView {
  android?: { packageName: string; signingCertificateDigests: string[] };
}

/**
 * What phones running an approved app do, over HTTP: a device attested by a test root enrols
 * (a token issued), then a refresh signed by a key it never attested is refused.
 */
export class DeviceTraffic {
  constructor(
    private readonly service: TestService,
    private readonly root: AndroidDevRoot,
  ) {}

  private async call(method: string, path: string, body?: unknown, admin = false) {
    const response = await fetch(`${this.service.url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(admin && this.service.adminAuth) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  private async expect(
    status: number,
    method: string,
    path: string,
    body?: unknown,
    admin = false,
  ) {
    const answer = await this.call(method, path, body, admin);
    if (answer.status !== status) {
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer.body;
  }

  /** Lets the app reach a deployment, enrols one device and sends one forged refresh. */
  async enrolAndForgeRefresh(appId: string): Promise<void> {
    await this.expect(201, 'POST', '/v1/admin/deployments', { id: 'clinic', name: 'Clinic' }, true);
    await this.expect(
      200,
      'PUT',
      `/v1/admin/apps/${appId}/deployments`,
      { deploymentIds: ['clinic'] },
      true,
    );
    const app = (await this.expect(
      200,
      'GET',
      `/v1/admin/apps/${appId}`,
      undefined,
      true,
    )) as AppView;
    if (app.android === undefined) throw new Error('the app has no approved Android identity');

    const challenge = await this.challenge();
    const device = createAndroidDevAttestation(this.root, {
      challenge: Buffer.from(challenge, 'base64url'),
      packageName: app.android.packageName,
      versionCode: 1,
      signatureDigests: app.android.signingCertificateDigests,
    });
    const certificateChain = device.chain.map((der) => Buffer.from(der).toString('base64'));
    const enrolled = await this.expect(201, 'POST', '/v1/installations/android', {
      challenge,
      certificateChain,
    });

    const installationId = enrolled.installationId as string;
    const refreshChallenge = await this.challenge();
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const proof = await createRefreshProof({
      privateKey: stranger,
      installationId,
      challenge: refreshChallenge,
      now: new Date(),
    });
    await this.expect(401, 'POST', '/v1/tokens', {
      installationId,
      challenge: refreshChallenge,
      proof,
    });

    // Write the counts now rather than at the next flush interval.
    await this.service.app.get(TokenActivityRecorder).flush();
  }

  private async challenge(): Promise<string> {
    return (await this.expect(201, 'POST', '/v1/challenges')).challenge as string;
  }
}
