import { type TimerTarget, timerFiredSchema } from '../../platform/timers/timer-scheduler.js';
import type { EventPattern } from '../../platform/wiring/events.js';
import * as z from '../../platform/zod.js';
import { SEVERITIES } from '../alerts/domain/alert.js';

/** The notifications context's events on the bus. */
export const NOTIFICATION_EVENTS = {
  source: 'fleetops.notifications',
  /** A durable timer of this module fell due (an escalation step or a summary). */
  timerDue: 'notification.timer-due',
  /** An unacknowledged alert moved up its ladder; the alerts module records it (`alert.escalated`). */
  escalationTriggered: 'escalation.triggered',
} as const;

/** Where this module's durable timers go (ADR 0110). */
export const NOTIFICATION_TIMERS: TimerTarget = {
  source: NOTIFICATION_EVENTS.source,
  detailType: NOTIFICATION_EVENTS.timerDue,
};

/** What a notification timer carries: the next escalation step, or a summary due for a user. */
export const notificationTimerPayload = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('escalation'),
    tenantId: z.string().check(z.minLength(1)),
    alertId: z.string().check(z.minLength(1)),
    severity: z.enum(SEVERITIES),
    level: z.number().check(z.int(), z.gte(0)),
    round: z.number().check(z.int(), z.gte(0)),
  }),
  z.object({
    kind: z.literal('release'),
    tenantId: z.string().check(z.minLength(1)),
    userId: z.string().check(z.minLength(1)),
    until: z.string().check(z.minLength(1)),
  }),
]);
export type NotificationTimerPayload = z.infer<typeof notificationTimerPayload>;

/** The detail of a fired notification timer. */
export const notificationTimerFired = timerFiredSchema(notificationTimerPayload);

/** The detail of `escalation.triggered`. */
export interface EscalationTriggered {
  readonly tenantId: string;
  readonly alertId: string;
  readonly level: number;
  readonly round: number;
  /** `L1`, `L0R1`: the step tag of the delivery records. */
  readonly step: string;
  /** Who the level notified (user ids). */
  readonly notified: readonly string[];
  readonly at: string;
}

export const escalationTriggeredSchema: z.ZodMiniType<EscalationTriggered> = z.object({
  tenantId: z.string().check(z.minLength(1)),
  alertId: z.string().check(z.minLength(1)),
  level: z.number().check(z.int(), z.gte(0)),
  round: z.number().check(z.int(), z.gte(0)),
  step: z.string().check(z.minLength(1)),
  notified: z.array(z.string()),
  at: z.string().check(z.minLength(1)),
});

export const ESCALATION_TRIGGERED_PATTERN: EventPattern = {
  source: [NOTIFICATION_EVENTS.source],
  'detail-type': [NOTIFICATION_EVENTS.escalationTriggered],
};
