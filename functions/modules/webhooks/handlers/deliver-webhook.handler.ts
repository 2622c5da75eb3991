import { fieldCipher } from '../../../platform/crypto/field-cipher-binding.js';
import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import { timerPattern } from '../../../platform/timers/timer-scheduler.js';
import { durableTimers } from '../../../platform/timers/timers-binding.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbDeliveryThrottle } from '../adapters/dynamodb-delivery-throttle.js';
import { dynamoDbEndpointRepository } from '../adapters/dynamodb-endpoint-repository.js';
import { dynamoDbMessageStore } from '../adapters/dynamodb-message-store.js';
import { webhookTransport } from '../adapters/webhook-transport-binding.js';
import { retryScheduleFrom } from '../domain/retry-schedule.js';
import { attemptDueSchema, WEBHOOK_TIMERS } from '../events.js';
import { deliverMessage } from '../use-cases/deliver-message.js';

const bindings = {
  endpoints: dynamoDbEndpointRepository.readWrite,
  messages: dynamoDbMessageStore.readWrite,
  throttle: dynamoDbDeliveryThrottle.readWrite,
  transport: webhookTransport,
  cipher: fieldCipher,
  timers: durableTimers(WEBHOOK_TIMERS),
  events: eventBridgeBus,
};
export type DeliverWebhookDeps = DepsOf<typeof bindings>;

/**
 * One attempt of one message per invocation (docs/adr/0066): the fan-out's hand-over and every
 * durable timer (retry, throttle wait, lease expiry) arrive as `webhook.attempt-due`. The retry
 * schedule is the Svix one; `FLEETOPS_WEBHOOK_RETRY_DELAYS_MS` (comma-separated ms) shortens it for
 * the local stack's tests (contract "Integrations").
 */
export function createDeliverWebhookHandler(deps: DeliverWebhookDeps): BusLambdaHandler {
  const schedule = retryScheduleFrom(process.env.FLEETOPS_WEBHOOK_RETRY_DELAYS_MS);
  return eventHandler({ declaration: deliverWebhookFunction, deps, detail: attemptDueSchema }, async (due) => {
    deps.logger.appendKeys({ tenantId: due.payload.tenantId, endpointId: due.payload.endpointId });
    const outcome = await deliverMessage({ ...deps, schedule }, due.payload);
    if (outcome === 'throttled') deps.metrics.addMetric('webhookAttemptsThrottled', 'Count', 1);
  });
}

export const deliverWebhookFunction = defineFunction({
  name: 'deliverWebhook',
  description: 'Outbound webhooks: one signed attempt of one message, then its retry, its end or the endpoint disabled',
  entry: 'functions/modules/webhooks/handlers/deliver-webhook.lambda.ts',
  triggers: [{ kind: 'event', pattern: timerPattern(WEBHOOK_TIMERS) }],
  // The 15 s transport timeout, the writes around it and a margin.
  timeoutSeconds: 30,
  bindings,
  factory: createDeliverWebhookHandler,
});
