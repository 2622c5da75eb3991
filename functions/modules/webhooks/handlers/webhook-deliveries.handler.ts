import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { parseOrThrow } from '../../../platform/http/validation.js';
import { dynamoDbRateLimiter } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import { durableTimers } from '../../../platform/timers/timers-binding.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction, type HttpTrigger } from '../../../platform/wiring/declaration.js';
import * as z from '../../../platform/zod.js';
import { dynamoDbEndpointRepository } from '../adapters/dynamodb-endpoint-repository.js';
import { dynamoDbMessageStore } from '../adapters/dynamodb-message-store.js';
import { WEBHOOK_TIMERS } from '../events.js';
import { listDeliveries, recoverFailed, replayMessage, sendTestEvent } from '../use-cases/replay.js';
import { WEBHOOK_ADMIN_ROLES, WEBHOOK_SCOPES } from './webhook-roles.js';
import { endpointPath, messagePath, pageQuery, recoverBody } from './webhook-schemas.js';

const bindings = {
  rateLimits: dynamoDbRateLimiter.readWrite,
  endpoints: dynamoDbEndpointRepository.read,
  messages: dynamoDbMessageStore.readWrite,
  timers: durableTimers(WEBHOOK_TIMERS),
  events: eventBridgeBus,
};
export type WebhookDeliveriesDeps = DepsOf<typeof bindings>;

/**
 * The delivery log and what an admin does with it (C11): `GET …/deliveries` (one item per attempt,
 * newest first), `POST …/deliveries/{messageId}/replay`, `POST …/recover {since}` and
 * `POST …/test`. Sends are accepted (202) and made by the deliverer; another tenant's endpoint is 404.
 */
export function createWebhookDeliveriesHandler(deps: WebhookDeliveriesDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: webhookDeliveriesFunction, deps, body: z.unknown(), path: z.record(z.string(), z.string()) },
    async ({ event, identity, body, path }) => {
      const tenantId = identity.tenantId;
      switch (event.routeKey) {
        case 'GET /v1/webhook-endpoints/{endpointId}/deliveries': {
          const { endpointId } = parseOrThrow(endpointPath, path, 'path');
          const query = parseOrThrow(pageQuery, event.queryStringParameters ?? {}, 'query');
          return { statusCode: 200, body: await listDeliveries(deps, { tenantId, endpointId, ...query }) };
        }
        case 'POST /v1/webhook-endpoints/{endpointId}/deliveries/{messageId}/replay': {
          const { endpointId, messageId } = parseOrThrow(messagePath, path, 'path');
          const replayed = await replayMessage(deps, { tenantId, endpointId, messageId });
          deps.logger.info('Webhook message replayed', { endpointId, messageId });
          return { statusCode: 202, body: replayed };
        }
        case 'POST /v1/webhook-endpoints/{endpointId}/recover': {
          const { endpointId } = parseOrThrow(endpointPath, path, 'path');
          const { since } = parseOrThrow(recoverBody, body, 'body');
          const recovered = await recoverFailed(deps, { tenantId, endpointId, since: new Date(since) });
          deps.logger.info('Webhook messages recovered', { endpointId, since, recovered: recovered.recovered });
          return { statusCode: 202, body: recovered };
        }
        default: {
          const { endpointId } = parseOrThrow(endpointPath, path, 'path');
          const sent = await sendTestEvent(deps, { tenantId, endpointId });
          deps.logger.info('Webhook test event sent', { endpointId, messageId: sent.messageId });
          return { statusCode: 202, body: sent };
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

export const webhookDeliveriesFunction = defineFunction({
  name: 'webhookDeliveries',
  description: 'Outbound webhook delivery log, replay of a message, recover failed since a time, send a test event',
  entry: 'functions/modules/webhooks/handlers/webhook-deliveries.lambda.ts',
  triggers: [
    route('GET', '/v1/webhook-endpoints/{endpointId}/deliveries'),
    route('POST', '/v1/webhook-endpoints/{endpointId}/deliveries/{messageId}/replay'),
    route('POST', '/v1/webhook-endpoints/{endpointId}/recover'),
    route('POST', '/v1/webhook-endpoints/{endpointId}/test'),
  ],
  bindings,
  factory: createWebhookDeliveriesHandler,
});
