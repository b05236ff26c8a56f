import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { AdminClient } from '../../../apps/api/test/support/admin-client.js';
import { startTestService, type TestService } from '../../../apps/api/test/support/test-service.js';
import { createExampleServer } from '../../../apps/example-server/src/index.js';
import {
  createAndroidDevRoot,
  type AndroidDevRoot,
} from '../../attestation/testing/android-dev-device.js';
import type { PublicJwk } from '../../verifier/src/index.js';
import { TesseraClient, TesseraClientError } from '../src/index.js';
import { AndroidDevPlatform } from '../testing/android-dev-platform.js';

const SITE = 'plant-7';
const PACKAGE = 'com.vendor.field';
const DIGEST = '5e'.repeat(32);
const LIFETIME_SECONDS = 30;

/**
 * The SDK end to end: the real service (test mode, a private Android dev root), an approved
 * app, the SDK on a dev device enrolling, refreshing before expiry and calling the example
 * customer server, which verifies offline with the service's published keys.
 */
describe('TesseraClient against the service and the example server', () => {
  let service: TestService;
  let root: AndroidDevRoot;
  let customer: Server;
  let customerOrigin: string;
  const customerLogs: string[] = [];

  beforeAll(async () => {
    root = createAndroidDevRoot();
    service = await startTestService({
      env: {
        TESSERA_TEST_ANDROID_ROOTS: root.publicKey.export({
          type: 'spki',
          format: 'pem',
        }) as string,
        TESSERA_TOKEN_LIFETIME_SECONDS: String(LIFETIME_SECONDS),
      },
    });
    const admin = new AdminClient(service);
    await admin.deployment(SITE);
    await admin.approvedAndroidApp({ packageName: PACKAGE, signingDigests: [DIGEST] }, [SITE]);

    const jwks = (await (await fetch(`${service.url}/.well-known/jwks.json`)).json()) as {
      keys: PublicJwk[];
    };
    // Listen first: the example server is configured with the origin its clients address.
    customer = createServer();
    await new Promise<void>((resolve) => customer.listen(0, '127.0.0.1', resolve));
    customerOrigin = `http://127.0.0.1:${(customer.address() as AddressInfo).port}`;
    const app = createExampleServer({
      config: {
        issuer: service.config.issuer,
        deployment: SITE,
        keys: jwks.keys,
        port: 0,
        publicOrigin: customerOrigin,
      },
      log: (line) => customerLogs.push(line),
    });
    customer.on('request', app);
  });

  afterAll(async () => {
    customer?.closeAllConnections();
    await new Promise((resolve) => customer?.close(resolve));
    await service?.shutdown();
  });

  function client(platform: AndroidDevPlatform, margin = 5): TesseraClient {
    return new TesseraClient({ serviceUrl: service.url, platform, refreshMarginSeconds: margin });
  }

  function devDevice(packageName = PACKAGE): AndroidDevPlatform {
    return new AndroidDevPlatform({
      root,
      packageName,
      versionCode: 31,
      signatureDigests: [DIGEST],
    });
  }

  it('enrols, then calls the customer server with its token and a DPoP proof', async () => {
    const sdk = client(devDevice());

    const state = await sdk.enrol();
    const res = await sdk.fetch(`${customerOrigin}/api/records`);

    expect(state.installationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.status).toBe(200);
  });

  it('sends a fresh proof on every request, so repeated calls all pass', async () => {
    const sdk = client(devDevice());
    await sdk.enrol();

    const statuses = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await sdk.fetch(`${customerOrigin}/api/records?page=${i}`)).status);
    }

    expect(statuses).toEqual([200, 200, 200]);
  });

  it('refreshes the token by itself before it expires, with a signed proof', async () => {
    // A margin longer than the lifetime: every use needs a refresh.
    const sdk = client(devDevice(), LIFETIME_SECONDS + 1);
    const enrolled = await sdk.enrol();

    const res = await sdk.fetch(`${customerOrigin}/api/records`);

    expect(res.status).toBe(200);
    expect(sdk.state?.installationId).toBe(enrolled.installationId);
    expect(sdk.state?.token).not.toBe(enrolled.token);
  });

  it('runs one refresh for concurrent callers', async () => {
    const sdk = client(devDevice());
    await sdk.enrol();

    const [a, b] = await Promise.all([sdk.refresh(), sdk.refresh()]);

    expect(a).toBe(b);
  });

  it('resumes from a saved state without enrolling again', async () => {
    const device = devDevice();
    const first = client(device);
    await first.enrol();
    const resumed = new TesseraClient({
      serviceUrl: service.url,
      platform: device,
      state: first.state!,
    });

    expect((await resumed.fetch(`${customerOrigin}/api/records`)).status).toBe(200);
  });

  it('reports the service code when the app is not approved', async () => {
    const sdk = client(devDevice('com.clone.field'));

    const refused = await sdk.enrol().catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(TesseraClientError);
    expect(refused).toMatchObject({ code: 'SERVICE_REFUSED', status: 403 });
    expect((refused as TesseraClientError).serviceCode).toEqual(expect.any(String));
  });

  it('refuses to make requests before enrolment', async () => {
    await expect(client(devDevice()).fetch(`${customerOrigin}/api/records`)).rejects.toMatchObject({
      code: 'NOT_ENROLLED',
    });
  });

  it('reports an unreachable service', async () => {
    const sdk = new TesseraClient({ serviceUrl: 'http://127.0.0.1:1', platform: devDevice() });

    await expect(sdk.enrol()).rejects.toMatchObject({ code: 'SERVICE_UNREACHABLE' });
  });
});
