import { type TimerTarget, timerFiredSchema } from '../../platform/timers/timer-scheduler.js';
import type { EventPattern } from '../../platform/wiring/events.js';
import * as z from '../../platform/zod.js';
import { ALERT_EVENTS } from '../alerts/events.js';
import { CHAT_EVENTS } from '../chat/events.js';
import { FLEET_EVENTS } from '../fleet/events.js';
import { TICKET_EVENTS } from '../tickets/events.js';
import type { DisabledReason } from './domain/endpoint.js';

/** The webhooks context's events on the bus. */
export const WEBHOOK_EVENTS = {
  source: 'fleetops.webhooks',
  /** An attempt of one message is due: a durable timer fired, or the fan-out hands a new message over. */
  attemptDue: 'webhook.attempt-due',
  /** An endpoint stopped receiving (410, 5 days failing); also an outbound event type. */
  endpointDisabled: 'endpoint.disabled',
} as const;

/** Where this module's durable timers go (ADR 0110): the deliverer. */
export const WEBHOOK_TIMERS: TimerTarget = { source: WEBHOOK_EVENTS.source, detailType: WEBHOOK_EVENTS.attemptDue };

/** What an attempt-due event names: one message of one endpoint. */
export const attemptDuePayload = z.object({
  tenantId: z.string().check(z.minLength(1)),
  endpointId: z.string().check(z.minLength(1)),
  messageId: z.string().check(z.minLength(1)),
});
export type AttemptDuePayload = z.infer<typeof attemptDuePayload>;

/** The detail of `webhook.attempt-due` (the platform's fired-timer shape). */
export const attemptDueSchema = timerFiredSchema(attemptDuePayload);

/** The detail of `endpoint.disabled`. */
export interface EndpointDisabledEvent {
  readonly tenantId: string;
  readonly endpointId: string;
  readonly url: string;
  readonly reason: DisabledReason;
  readonly disabledAt: string;
  readonly failingSince?: string;
}

export const endpointDisabledSchema: z.ZodMiniType<EndpointDisabledEvent> = z.object({
  tenantId: z.string().check(z.minLength(1)),
  endpointId: z.string().check(z.minLength(1)),
  url: z.string().check(z.minLength(1)),
  reason: z.enum(['gone', 'failing', 'manual']),
  disabledAt: z.string().check(z.minLength(1)),
  failingSince: z.optional(z.string()),
});

export const ENDPOINT_DISABLED_PATTERN: EventPattern = {
  source: [WEBHOOK_EVENTS.source],
  'detail-type': [WEBHOOK_EVENTS.endpointDisabled],
};

/**
 * Where each outbound event type is published today, as (source, detail type) → the webhook type.
 * `vehicle.position` comes from `telemetry.received`: one message per reading with a position.
 */
export const OUTBOUND_SOURCES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [ALERT_EVENTS.source]: {
    [ALERT_EVENTS.alertRaised]: 'alert.raised',
    [ALERT_EVENTS.alertAcknowledged]: 'alert.acknowledged',
    [ALERT_EVENTS.alertEscalated]: 'alert.escalated',
    [ALERT_EVENTS.alertResolved]: 'alert.resolved',
    [ALERT_EVENTS.maintenancePredicted]: 'maintenance.predicted',
  },
  [CHAT_EVENTS.source]: { [CHAT_EVENTS.ticketCreated]: 'ticket.created' },
  [TICKET_EVENTS.source]: { [TICKET_EVENTS.resolved]: 'ticket.resolved' },
  [FLEET_EVENTS.source]: { [FLEET_EVENTS.telemetryReceived]: 'vehicle.position' },
  [WEBHOOK_EVENTS.source]: { [WEBHOOK_EVENTS.endpointDisabled]: 'endpoint.disabled' },
};

/** One rule per source would be five rules; EventBridge ORs `source` and `detail-type` lists, so one `$or`-free pattern cannot pair them: the fan-out checks the pair. */
export const OUTBOUND_EVENT_PATTERN: EventPattern = {
  source: Object.keys(OUTBOUND_SOURCES),
  'detail-type': [...new Set(Object.values(OUTBOUND_SOURCES).flatMap((types) => Object.keys(types)))],
};

/** What the fan-out needs of any source event: the tenant it belongs to. */
export const outboundDetailSchema = z.looseObject({ tenantId: z.string().check(z.minLength(1)) });
