import request from 'supertest';
import { startTestService, type TestService } from '../../api/test/support/test-service.js';

describe('the service serving the portal', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService();
  });

  afterAll(async () => {
    await service.shutdown();
  });

  it('serves the page with a CSP that allows no inline script or style', async () => {
    const res = await request(service.url).get('/portal/').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves the compiled modules as JavaScript', async () => {
    const res = await request(service.url).get('/portal/app/main.mjs').expect(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('serves its icon as SVG under the same CSP, and the page links it', async () => {
    const res = await request(service.url).get('/portal/favicon.svg').expect(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'none'");
    const page = await request(service.url).get('/portal/').expect(200);
    expect(page.text).toContain('<link rel="icon" type="image/svg+xml" href="/portal/favicon.svg"');
  });

  it('answers page addresses such as the invitation link with the same page', async () => {
    const res = await request(service.url).get('/portal/invitation').expect(200);
    expect(res.text).toContain('<main id="main"');
  });

  it('redirects /portal to /portal/ so relative addresses resolve', async () => {
    const res = await request(service.url).get('/portal').expect(301);
    expect(res.headers.location).toBe('/portal/');
  });

  it('serves nothing outside its own files', async () => {
    for (const path of ['/portal/../package.json', '/portal/%2e%2e/package.json', '/portal/x.ts']) {
      const res = await request(service.url).get(path);
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('NOT_FOUND');
    }
  });
});
