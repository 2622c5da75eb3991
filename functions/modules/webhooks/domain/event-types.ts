/**
 * The event types an endpoint may subscribe to (contract "Integrations"): the alert lifecycle,
 * tickets, predicted maintenance, the endpoints' own `endpoint.disabled`, and `vehicle.position`,
 * which is sent only to endpoints that name it (one message per position reading: high volume).
 */
export const OUTBOUND_EVENT_TYPES = [
  'alert.raised',
  'alert.acknowledged',
  'alert.escalated',
  'alert.resolved',
  'ticket.created',
  'ticket.resolved',
  'maintenance.predicted',
  'vehicle.position',
  'endpoint.disabled',
] as const;
export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];

/** The `type` of the message `POST /v1/webhook-endpoints/{id}/test` sends: never a subscription. */
export const TEST_EVENT_TYPE = 'webhook.test';
