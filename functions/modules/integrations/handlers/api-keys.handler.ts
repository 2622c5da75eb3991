import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbApiKeyRepository } from '../adapters/dynamodb-api-key-repository.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../use-cases/api-keys.js';
import { apiKeyPath, createApiKeyBody, listApiKeysQuery } from './api-key-schemas.js';
import { INTEGRATION_ADMIN_ROLES } from './partner-roles.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, apiKeys: dynamoDbApiKeyRepository.readWrite };
export type ApiKeysDeps = DepsOf<typeof bindings>;

/**
 * `POST|GET /v1/api-keys`, `DELETE /v1/api-keys/{apiKeyId}` (C12, admin, docs/adr/0108): a key is
 * shown once (201, `cache-control: no-store`) and stored as its SHA-256 with a visible prefix;
 * the list shows prefix, scopes, `lastUsedAt` and `revokedAt`; DELETE revokes (204), another
 * tenant's key is 404.
 */
export function createApiKeysHandler(deps: ApiKeysDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: apiKeysFunction, deps, body: z.unknown(), path: z.record(z.string(), z.string()) },
    async ({ event, identity, body, path }) => {
      if (event.routeKey === 'POST /v1/api-keys') {
        const input = parseOrThrow(createApiKeyBody, body, 'body');
        const created = await createApiKey(deps, { ...input, tenantId: identity.tenantId, userId: identity.userId });
        deps.logger.info('API key created', { apiKeyId: created.apiKeyId, scopes: created.scopes });
        return { statusCode: 201, body: created, headers: { 'cache-control': 'no-store' } };
      }
      if (event.routeKey === 'GET /v1/api-keys') {
        const query = parseOrThrow(listApiKeysQuery, event.queryStringParameters ?? {}, 'query');
        return { statusCode: 200, body: await listApiKeys(deps, { tenantId: identity.tenantId, ...query }) };
      }
      const { apiKeyId } = parseOrThrow(apiKeyPath, path, 'path');
      await revokeApiKey(deps, { tenantId: identity.tenantId, apiKeyId });
      deps.logger.info('API key revoked', { apiKeyId });
      return { statusCode: 204 };
    },
  );
}

export const apiKeysFunction = defineFunction({
  name: 'apiKeys',
  description: 'POST|GET /v1/api-keys, DELETE /v1/api-keys/{apiKeyId}: partner API keys, shown once, stored hashed',
  entry: 'functions/modules/integrations/handlers/api-keys.lambda.ts',
  triggers: [
    { kind: 'http', method: 'POST', path: '/v1/api-keys', roles: INTEGRATION_ADMIN_ROLES },
    { kind: 'http', method: 'GET', path: '/v1/api-keys', roles: INTEGRATION_ADMIN_ROLES },
    { kind: 'http', method: 'DELETE', path: '/v1/api-keys/{apiKeyId}', roles: INTEGRATION_ADMIN_ROLES },
  ],
  bindings,
  factory: createApiKeysHandler,
});
