import { fieldCipher } from '../../../platform/crypto/field-cipher-binding.js';
import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction, type HttpTrigger } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbEndpointRepository } from '../adapters/dynamodb-endpoint-repository.js';
import { webhookTransport } from '../adapters/webhook-transport-binding.js';
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpoints,
  rotateEndpointSecret,
  updateEndpoint,
} from '../use-cases/endpoints.js';
import { WEBHOOK_ADMIN_ROLES, WEBHOOK_SCOPES } from './webhook-roles.js';
import { createEndpointBody, endpointPath, pageQuery, updateEndpointBody } from './webhook-schemas.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  endpoints: dynamoDbEndpointRepository.readWrite,
  cipher: fieldCipher,
  transport: webhookTransport,
};
export type WebhookEndpointsDeps = DepsOf<typeof bindings>;

const NO_STORE = { 'cache-control': 'no-store' };

/**
 * The endpoint registry (C11, admin): `POST|GET /v1/webhook-endpoints`,
 * `GET|PATCH|DELETE /v1/webhook-endpoints/{endpointId}` and `POST …/rotate-secret`. A secret is
 * shown once (`cache-control: no-store`); a URL the egress rule refuses is 400 naming `url`;
 * another tenant's endpoint is 404.
 */
export function createWebhookEndpointsHandler(deps: WebhookEndpointsDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: webhookEndpointsFunction, deps, body: z.unknown(), path: z.record(z.string(), z.string()) },
    async ({ event, identity, body, path }) => {
      const tenantId = identity.tenantId;
      switch (event.routeKey) {
        case 'POST /v1/webhook-endpoints': {
          const input = parseOrThrow(createEndpointBody, body, 'body');
          const created = await createEndpoint(deps, { ...input, tenantId });
          deps.logger.info('Webhook endpoint created', {
            endpointId: created.endpointId,
            eventTypes: created.eventTypes,
          });
          return { statusCode: 201, body: created, headers: NO_STORE };
        }
        case 'GET /v1/webhook-endpoints': {
          const query = parseOrThrow(pageQuery, event.queryStringParameters ?? {}, 'query');
          return { statusCode: 200, body: await listEndpoints(deps, { tenantId, ...query }) };
        }
      }
      const { endpointId } = parseOrThrow(endpointPath, path, 'path');
      switch (event.routeKey) {
        case 'GET /v1/webhook-endpoints/{endpointId}':
          return { statusCode: 200, body: await getEndpoint(deps, { tenantId, endpointId }) };
        case 'PATCH /v1/webhook-endpoints/{endpointId}': {
          const changes = parseOrThrow(updateEndpointBody, body, 'body');
          const updated = await updateEndpoint(deps, { tenantId, endpointId, changes });
          deps.logger.info('Webhook endpoint updated', { endpointId, fields: Object.keys(changes) });
          return { statusCode: 200, body: updated };
        }
        case 'DELETE /v1/webhook-endpoints/{endpointId}':
          await deleteEndpoint(deps, { tenantId, endpointId });
          deps.logger.info('Webhook endpoint deleted', { endpointId });
          return { statusCode: 204 };
        default: {
          const rotated = await rotateEndpointSecret(deps, { tenantId, endpointId });
          deps.logger.info('Webhook endpoint secret rotated', { endpointId });
          return { statusCode: 200, body: rotated, headers: NO_STORE };
        }
      }
    },
  );
}

const route = (method: HttpTrigger['method'], path: string): HttpTrigger => ({
  kind: 'http',
  method,
  path,
  roles: WEBHOOK_ADMIN_ROLES,
  scopes: WEBHOOK_SCOPES,
});

export const webhookEndpointsFunction = defineFunction({
  name: 'webhookEndpoints',
  description: 'Outbound webhook endpoints: create (secret shown once), list, read, change, delete, rotate the secret',
  entry: 'functions/modules/webhooks/handlers/webhook-endpoints.lambda.ts',
  triggers: [
    route('POST', '/v1/webhook-endpoints'),
    route('GET', '/v1/webhook-endpoints'),
    route('GET', '/v1/webhook-endpoints/{endpointId}'),
    route('PATCH', '/v1/webhook-endpoints/{endpointId}'),
    route('DELETE', '/v1/webhook-endpoints/{endpointId}'),
    route('POST', '/v1/webhook-endpoints/{endpointId}/rotate-secret'),
  ],
  bindings,
  factory: createWebhookEndpointsHandler,
});
