import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import { durableTimers } from '../../../platform/timers/timers-binding.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbEndpointRepository } from '../adapters/dynamodb-endpoint-repository.js';
import { dynamoDbMessageStore } from '../adapters/dynamodb-message-store.js';
import { OUTBOUND_EVENT_PATTERN, outboundDetailSchema, WEBHOOK_TIMERS } from '../events.js';
import { fanOut } from '../use-cases/fan-out.js';

const bindings = {
  endpoints: dynamoDbEndpointRepository.read,
  messages: dynamoDbMessageStore.readWrite,
  timers: durableTimers(WEBHOOK_TIMERS),
  events: eventBridgeBus,
};
export type FanOutWebhooksDeps = DepsOf<typeof bindings>;

/**
 * Every event an endpoint may subscribe to (alerts, tickets, maintenance, positions,
 * `endpoint.disabled`) becomes one stored message per subscribed endpoint of its tenant, each
 * handed to the deliverer as its own event (docs/adr/0066).
 */
export function createFanOutWebhooksHandler(deps: FanOutWebhooksDeps): BusLambdaHandler {
  return eventHandler(
    { declaration: fanOutWebhooksFunction, deps, detail: outboundDetailSchema },
    async (detail, event) => {
      const handedOver = await fanOut(deps, {
        id: event.id,
        source: event.source,
        detailType: event['detail-type'],
        time: new Date(event.time),
        detail,
      });
      if (handedOver > 0) {
        deps.metrics.addMetric('webhookMessagesCreated', 'Count', handedOver);
        deps.logger.info('webhook messages handed over', { detailType: event['detail-type'], messages: handedOver });
      }
    },
  );
}

export const fanOutWebhooksFunction = defineFunction({
  name: 'fanOutWebhooks',
  description: 'Outbound webhooks: one message per event and subscribed endpoint, handed to the deliverer',
  entry: 'functions/modules/webhooks/handlers/fan-out-webhooks.lambda.ts',
  triggers: [{ kind: 'event', pattern: OUTBOUND_EVENT_PATTERN }],
  bindings,
  factory: createFanOutWebhooksHandler,
});
