import { defineModule } from '../../platform/wiring/module.js';
import { WEBHOOK_ERRORS } from './errors.js';
import { WEBHOOK_EVENTS } from './events.js';
import { deliverWebhookFunction } from './handlers/deliver-webhook.handler.js';
import { fanOutWebhooksFunction } from './handlers/fan-out-webhooks.handler.js';
import { webhookDeliveriesFunction } from './handlers/webhook-deliveries.handler.js';
import { webhookEndpointsFunction } from './handlers/webhook-endpoints.handler.js';
import { WEBHOOKS_TABLE } from './tables.js';

/**
 * Outbound webhooks (C11, docs/adr/0066–0069): the tenant's endpoints with sealed secrets, one
 * message per (event, endpoint) signed per Standard Webhooks and delivered at least once on the
 * Svix schedule over durable timers, the delivery log with replay, recover and test, the egress
 * rule against SSRF and a throttle per endpoint.
 */
export const webhooksModule = defineModule({
  name: 'webhooks',
  tables: [WEBHOOKS_TABLE],
  functions: [webhookEndpointsFunction, webhookDeliveriesFunction, fanOutWebhooksFunction, deliverWebhookFunction],
  events: {
    source: WEBHOOK_EVENTS.source,
    detailTypes: [WEBHOOK_EVENTS.attemptDue, WEBHOOK_EVENTS.endpointDisabled],
  },
  errors: [...WEBHOOK_ERRORS],
});
