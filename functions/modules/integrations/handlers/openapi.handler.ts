import { oauthTokenEndpoint } from '../../../platform/auth/token-endpoint.js';
import { type PublicHttpLambdaHandler, publicHttpHandler } from '../../../platform/http/public-http-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { openApiDocument } from '../openapi/document.js';
import { API_OPERATIONS } from '../openapi/operations.js';

const bindings = { tokenEndpoint: oauthTokenEndpoint };
export type OpenApiDeps = DepsOf<typeof bindings>;

/** The API version the document describes. */
export const API_VERSION = '1.0.0';

/**
 * `GET /v1/openapi.json` (C12): the OpenAPI 3.1 document of every route, generated from the
 * handlers' zod schemas once per container (docs/adr/0107). Public: partners read it before they
 * have credentials. `servers` names the host the request came to; the OAuth2 flow's `tokenUrl` is
 * the stage's absolute token endpoint (docs/adr/0122).
 */
export function createOpenApiHandler(deps: OpenApiDeps): PublicHttpLambdaHandler {
  let document: Record<string, unknown> | undefined;
  return publicHttpHandler({ declaration: openApiFunction, deps }, async ({ event }) => {
    document ??= openApiDocument(API_OPERATIONS, {
      version: API_VERSION,
      tokenUrl: deps.tokenEndpoint.tokenUrl,
      now: deps.clock.now(),
    });
    const host = event.headers?.host ?? event.requestContext?.domainName;
    const scheme = event.headers?.['x-forwarded-proto'] ?? (host?.startsWith('127.0.0.1') ? 'http' : 'https');
    return {
      statusCode: 200,
      body: host ? { ...document, servers: [{ url: `${scheme}://${host}` }] } : document,
      headers: { 'cache-control': 'public, max-age=300' },
    };
  });
}

export const openApiFunction = defineFunction({
  name: 'openApi',
  description: 'GET /v1/openapi.json: the OpenAPI 3.1 document generated from the handlers’ zod schemas',
  entry: 'functions/modules/integrations/handlers/openapi.lambda.ts',
  triggers: [{ kind: 'http', method: 'GET', path: '/v1/openapi.json', roles: [], public: true }],
  bindings,
  factory: createOpenApiHandler,
});
