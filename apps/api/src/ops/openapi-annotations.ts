import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ApiExtension, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ACCESS_KEY } from '../admin/access.decorator.js';

/** Metadata keys @nestjs/swagger reads; checked so that annotating twice changes nothing. */
const SWAGGER_SECURITY = 'swagger/apiSecurity';
const SWAGGER_TAGS = 'swagger/apiUseTags';

/** Security scheme names in the document. */
export const SCHEMES = {
  admin: 'admin',
  session: 'session',
  apiToken: 'apiToken',
  metrics: 'metrics',
} as const;

/**
 * Describes access in the document from the access decorators the guard obeys, so that the
 * description cannot drift from the enforcement: each route lists the credentials that may
 * reach it (any one of them) and carries its rule as `x-tessera-access`. Controllers without a
 * tag are tagged by their class name.
 */
export function annotateControllers(app: INestApplication): void {
  for (const controller of controllerClasses(app)) {
    tagByName(controller);
    describeAccess(Reflect.getMetadata(ACCESS_KEY, controller), controller);
    for (const handler of handlersOf(controller)) {
      const access: unknown = Reflect.getMetadata(ACCESS_KEY, handler.descriptor.value as object);
      describeAccess(access, handler.descriptor.value as object, controller, handler);
    }
  }
}

/** Credentials that satisfy an access rule; empty for public routes and undeclared ones. */
export function schemesFor(access: unknown): string[] {
  if (access === 'admin') return [SCHEMES.admin];
  if (typeof access !== 'object' || access === null) return [];
  const rule = access as Record<string, unknown>;
  const schemes: string[] = [];
  if (rule.vendor !== undefined) schemes.push(SCHEMES.admin);
  if (rule.vendor !== undefined || rule.partner !== undefined || rule.anyUser !== undefined) {
    schemes.push(SCHEMES.session);
  }
  if (rule.token !== undefined) schemes.push(SCHEMES.apiToken);
  return schemes;
}

function describeAccess(
  access: unknown,
  target: object,
  controller?: Type,
  handler?: Handler,
): void {
  if (access === undefined || Reflect.hasMetadata(SWAGGER_SECURITY, target)) return;
  const decorators = [
    ApiExtension('x-tessera-access', access),
    ...schemesFor(access).map((scheme) => ApiSecurity(scheme)),
  ];
  for (const decorate of decorators) {
    if (controller === undefined || handler === undefined) {
      decorate(target);
    } else {
      decorate(controller.prototype as object, handler.name, handler.descriptor);
    }
  }
}

function controllerClasses(app: INestApplication): Set<Type> {
  const classes = new Set<Type>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      if (typeof wrapper.metatype === 'function') classes.add(wrapper.metatype as Type);
    }
  }
  return classes;
}

interface Handler {
  name: string;
  descriptor: PropertyDescriptor;
}

function handlersOf(controller: Type): Handler[] {
  const prototype = controller.prototype as object;
  return Object.getOwnPropertyNames(prototype).flatMap((name) => {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    if (name === 'constructor' || typeof descriptor?.value !== 'function') return [];
    return [{ name, descriptor }];
  });
}

function tagByName(controller: Type): void {
  if (Reflect.hasMetadata(SWAGGER_TAGS, controller)) return;
  const tag = controller.name.replace(/Controller$/, '').replace(/(?<=[a-z])(?=[A-Z])/g, ' ');
  ApiTags(tag.toLowerCase())(controller);
}
