import { ModulesContainer } from '@nestjs/core';
import { ACCESS_KEY, type Access } from '../src/admin/access.decorator.js';
import { startTestService, type TestService } from './support/test-service.js';

interface RouteAccess {
  route: string;
  access: Access | undefined;
}

const OWNER_PARAMS = [':organisationId', ':appId', ':buildId', ':tokenId'];

/** Reads every route Nest serves, with the access rule the guard will apply to it. */
function inventory(service: TestService): RouteAccess[] {
  const routes: RouteAccess[] = [];
  for (const module of service.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (type === null) continue;
      const base = String(Reflect.getMetadata('path', type) ?? '');
      const classAccess = Reflect.getMetadata(ACCESS_KEY, type) as Access | undefined;
      const proto = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const path = Reflect.getMetadata('path', handler) as string | undefined;
        if (path === undefined) continue;
        const method = Reflect.getMetadata('method', handler) as number;
        const access =
          (Reflect.getMetadata(ACCESS_KEY, handler) as Access | undefined) ?? classAccess;
        routes.push({ route: `${method} /${base}/${path}`.replace(/\/+/g, '/'), access });
      }
    }
  }
  return routes;
}

describe('every route states who may call it', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.shutdown());

  it('finds the routes (the inventory is not empty)', () => {
    const routes = inventory(service).map((r) => r.route);
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.some((r) => r.includes('/v1/apps/:appId/builds'))).toBe(true);
  });

  it('declares access on each route', () => {
    const undeclared = inventory(service).filter((r) => r.access === undefined);
    expect(undeclared).toEqual([]);
  });

  it('binds partner and token access to an organisation named in the path', () => {
    const unbound = inventory(service).filter(
      (r) =>
        typeof r.access === 'object' &&
        (r.access.partner !== undefined || r.access.token !== undefined) &&
        !OWNER_PARAMS.some((param) => r.route.includes(param)),
    );
    expect(unbound).toEqual([]);
  });
});
