import request from 'supertest';
import { OPENAPI_JSON_PATH, OPENAPI_PAGE_PATH } from '../src/ops/openapi.js';
import { startTestService, type TestService } from './support/test-service.js';

interface Operation {
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, unknown>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
}
interface RouterLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
}

/** Every `METHOD /path` Express will route, with `:param` and `*param` written as `{param}`. */
function expressRoutes(service: TestService): string[] {
  const express = service.app.getHttpAdapter().getInstance() as {
    router: { stack: RouterLayer[] };
  };
  return express.router.stack.flatMap((layer) => {
    const path = layer.route?.path;
    if (typeof path !== 'string') return [];
    const openApiPath = path.replace(/[:*]([A-Za-z0-9_]+)/g, '{$1}');
    return Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${openApiPath}`);
  });
}

function documentedRoutes(document: Document): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe('OpenAPI description', () => {
  let service: TestService;
  let document: Document;

  beforeAll(async () => {
    service = await startTestService();
    const res = await request(service.url).get(OPENAPI_JSON_PATH).expect(200);
    document = res.body as Document;
  });
  afterAll(() => service.shutdown());

  it('is an OpenAPI 3 document', () => {
    expect(document.openapi).toMatch(/^3\./);
  });

  it('describes every route the service answers, and none it does not', () => {
    const served = expressRoutes(service).filter(
      (route) => !route.includes(OPENAPI_JSON_PATH) && !route.includes(` ${OPENAPI_PAGE_PATH}`),
    );
    expect(served.length).toBeGreaterThan(10);
    expect(served).toEqual(expect.arrayContaining(['POST /v1/installations/android']));
    expect(documentedRoutes(document).sort()).toEqual([...new Set(served)].sort());
  });

  it('requires the admin credential on admin routes and nothing on device routes', () => {
    const createApp = document.paths['/v1/admin/apps']!.post!;
    expect(createApp.security).toEqual(expect.arrayContaining([{ admin: [] }]));
    expect(document.paths['/v1/challenges']!.post!.security).toBeUndefined();
    expect(document.paths['/metrics']!.get!.security).toEqual([{ metrics: [] }]);
  });

  it('describes request bodies with the rules the validation pipe enforces', () => {
    const body = document.paths['/v1/installations/android']!.post!.requestBody!;
    expect(body.content['application/json']!.schema.$ref).toBe(
      '#/components/schemas/EnrolAndroidDto',
    );
    const chain = document.components.schemas.EnrolAndroidDto!.properties!.certificateChain!;
    expect(chain).toMatchObject({ type: 'array', minItems: 1, maxItems: 10 });
  });

  it('describes the refusal body on every operation', () => {
    for (const item of Object.values(document.paths)) {
      for (const operation of Object.values(item)) {
        expect(operation.responses['4XX']).toBeDefined();
      }
    }
    expect(document.components.schemas.Refusal!.properties).toHaveProperty('error');
  });

  it('serves a browsable page', async () => {
    const page = await request(service.url).get(OPENAPI_PAGE_PATH).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('swagger-ui');
    // Air-gapped operators: every script and stylesheet comes from the service itself.
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(asset).not.toMatch(/^(https?:)?\/\//);
    const script = assets.find((a) => a.endsWith('swagger-ui-bundle.js'))!;
    await request(service.url)
      .get(new URL(script, `${service.url}${OPENAPI_PAGE_PATH}`).pathname)
      .expect(200);
  });
});
