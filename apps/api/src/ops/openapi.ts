import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { annotateControllers, SCHEMES } from './openapi-annotations.js';

/** Where the description and its browsable page are served. */
export const OPENAPI_JSON_PATH = '/openapi.json';
export const OPENAPI_PAGE_PATH = '/docs';

const REFUSAL_SCHEMA = 'Refusal';
/** The HTTP API's version (the `/v1` in its paths), not the package's. */
const API_VERSION = '1';

/**
 * Builds the OpenAPI description of every route and serves it. Request bodies are described from
 * the same class-validator rules the ValidationPipe enforces, so no DTO carries a second,
 * hand-kept copy of its constraints. Must run before `app.init()`: routes added later would sit
 * behind the not-found handler.
 */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  annotateControllers(app);
  const config = new DocumentBuilder()
    .setTitle('Tessera')
    .setDescription(
      'App attestation, registration and short-lived tokens. Every refusal is ' +
        '`{ error: CODE, message, requestId }`; PROTOCOL.md describes the run-time exchange.',
    )
    .setVersion(API_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer' }, SCHEMES.admin)
    .addCookieAuth('__Host-tessera_session', { type: 'apiKey', in: 'cookie' }, SCHEMES.session)
    .addBearerAuth({ type: 'http', scheme: 'bearer' }, SCHEMES.apiToken)
    .addBearerAuth({ type: 'http', scheme: 'bearer' }, SCHEMES.metrics)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  addValidationSchemas(document);
  addRefusals(document);
  SwaggerModule.setup(OPENAPI_PAGE_PATH.slice(1), app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH.slice(1),
    raw: ['json'],
  });
  return document;
}

function addValidationSchemas(document: OpenAPIObject): void {
  const schemas = validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/' });
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...schemas } as NonNullable<
    typeof document.components.schemas
  >;
}

function addRefusals(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[REFUSAL_SCHEMA] = {
    type: 'object',
    required: ['error', 'message'],
    properties: {
      error: { type: 'string', description: 'stable refusal code, e.g. APP_NOT_APPROVED' },
      message: { type: 'string', description: 'what failed and what was expected' },
      requestId: { type: 'string', description: 'echoes the X-Request-Id response header' },
    },
  };
  const refusal = {
    description: 'Refused; the code says why',
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${REFUSAL_SCHEMA}` } } },
  };
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.post, path.put, path.patch, path.delete]) {
      if (operation === undefined) continue;
      operation.responses['4XX'] ??= refusal;
      operation.responses['5XX'] ??= refusal;
    }
  }
}
