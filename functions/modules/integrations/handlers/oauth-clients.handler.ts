import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { cognitoOAuthClientDirectory } from '../adapters/cognito-oauth-client-directory.js';
import { dynamoDbOAuthClientRepository } from '../adapters/dynamodb-oauth-client-repository.js';
import { createOAuthClient, listOAuthClients, revokeOAuthClient } from '../use-cases/oauth-clients.js';
import { createOAuthClientBody, listOAuthClientsQuery, oauthClientPath } from './oauth-client-schemas.js';
import { INTEGRATION_ADMIN_ROLES } from './partner-roles.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  oauthClients: dynamoDbOAuthClientRepository.readWrite,
  directory: cognitoOAuthClientDirectory,
};
export type OAuthClientsDeps = DepsOf<typeof bindings>;

/**
 * `POST|GET /v1/oauth-clients`, `DELETE /v1/oauth-clients/{clientId}` (C12, admin, docs/adr/0113):
 * a partner's OAuth2 client for the client credentials grant at `POST /oauth2/token`; its secret is
 * shown once (201, `cache-control: no-store`); DELETE revokes (204), another tenant's client is 404.
 */
export function createOAuthClientsHandler(deps: OAuthClientsDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: oauthClientsFunction, deps, body: z.unknown(), path: z.record(z.string(), z.string()) },
    async ({ event, identity, body, path }) => {
      if (event.routeKey === 'POST /v1/oauth-clients') {
        const input = parseOrThrow(createOAuthClientBody, body, 'body');
        const created = await createOAuthClient(deps, {
          ...input,
          tenantId: identity.tenantId,
          userId: identity.userId,
        });
        deps.logger.info('OAuth client created', { clientId: created.clientId, scopes: created.scopes });
        return { statusCode: 201, body: created, headers: { 'cache-control': 'no-store' } };
      }
      if (event.routeKey === 'GET /v1/oauth-clients') {
        const query = parseOrThrow(listOAuthClientsQuery, event.queryStringParameters ?? {}, 'query');
        return { statusCode: 200, body: await listOAuthClients(deps, { tenantId: identity.tenantId, ...query }) };
      }
      const { clientId } = parseOrThrow(oauthClientPath, path, 'path');
      await revokeOAuthClient(deps, { tenantId: identity.tenantId, clientId });
      deps.logger.info('OAuth client revoked', { clientId });
      return { statusCode: 204 };
    },
  );
}

export const oauthClientsFunction = defineFunction({
  name: 'oauthClients',
  description: 'POST|GET /v1/oauth-clients, DELETE /v1/oauth-clients/{clientId}: partner OAuth2 clients',
  entry: 'functions/modules/integrations/handlers/oauth-clients.lambda.ts',
  triggers: [
    { kind: 'http', method: 'POST', path: '/v1/oauth-clients', roles: INTEGRATION_ADMIN_ROLES },
    { kind: 'http', method: 'GET', path: '/v1/oauth-clients', roles: INTEGRATION_ADMIN_ROLES },
    { kind: 'http', method: 'DELETE', path: '/v1/oauth-clients/{clientId}', roles: INTEGRATION_ADMIN_ROLES },
  ],
  bindings,
  factory: createOAuthClientsHandler,
});
