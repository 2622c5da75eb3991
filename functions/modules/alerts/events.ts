import type { EventPattern } from '../../platform/wiring/events.js';
import * as z from '../../platform/zod.js';
import { readingShape } from '../fleet/events.js';
import { ALERT_STATUSES, type Alert, HISTORY_ACTIONS, SEVERITIES } from './domain/alert.js';
import type { LifecycleCommand } from './domain/lifecycle.js';

/** The alerts context's events on the bus; each `detailType` is also an outbound webhook type. */
export const ALERT_EVENTS = {
  source: 'fleetops.alerts',
  alertRaised: 'alert.raised',
  alertAcknowledged: 'alert.acknowledged',
  alertResolved: 'alert.resolved',
  alertAssigned: 'alert.assigned',
  alertNoted: 'alert.noted',
  /** Nobody acknowledged in time: the notifications module told the next escalation level. */
  alertEscalated: 'alert.escalated',
  /** A failure prediction above threshold raised a MAINTENANCE_PREDICTED alert. */
  maintenancePredicted: 'maintenance.predicted',
} as const;

/** The lifecycle events: the detail of each is the whole alert after the change. */
export const ALERT_LIFECYCLE_EVENTS = [
  ALERT_EVENTS.alertAcknowledged,
  ALERT_EVENTS.alertResolved,
  ALERT_EVENTS.alertAssigned,
  ALERT_EVENTS.alertNoted,
  ALERT_EVENTS.alertEscalated,
] as const;

/** The event each lifecycle command publishes (a correlation is a note the engine adds). */
export const EVENT_OF_ACTION: Readonly<Record<LifecycleCommand['action'], string>> = {
  acknowledge: ALERT_EVENTS.alertAcknowledged,
  resolve: ALERT_EVENTS.alertResolved,
  assign: ALERT_EVENTS.alertAssigned,
  note: ALERT_EVENTS.alertNoted,
  correlate: ALERT_EVENTS.alertNoted,
  escalate: ALERT_EVENTS.alertEscalated,
};

/** The rule pattern that selects `alert.raised`. */
export const ALERT_RAISED_PATTERN: EventPattern = {
  source: [ALERT_EVENTS.source],
  'detail-type': [ALERT_EVENTS.alertRaised],
};

/** The rule pattern that selects every lifecycle change (`alert.acknowledged`, …). */
export const ALERT_CHANGED_PATTERN: EventPattern = {
  source: [ALERT_EVENTS.source],
  'detail-type': [...ALERT_LIFECYCLE_EVENTS],
};

const historyEntrySchema = z.object({
  at: z.string().check(z.minLength(1)),
  by: z.string().check(z.minLength(1)),
  action: z.enum(HISTORY_ACTIONS),
  note: z.optional(z.string()),
});

/** The detail of `alert.raised` and of every lifecycle event: the alert itself. */
export const alertSchema: z.ZodMiniType<Alert> = z.object({
  tenantId: z.string().check(z.minLength(1)),
  alertId: z.string().check(z.minLength(1)),
  vehicleId: z.string().check(z.minLength(1)),
  type: z.string().check(z.minLength(1)),
  ruleId: z.optional(z.string().check(z.minLength(1))),
  severity: z.enum(SEVERITIES),
  status: z.enum(ALERT_STATUSES),
  message: z.string(),
  raisedAt: z.string().check(z.minLength(1)),
  readings: z.optional(z.array(readingShape)),
  acknowledgedBy: z.optional(z.string()),
  acknowledgedAt: z.optional(z.string()),
  resolvedBy: z.optional(z.string()),
  resolvedAt: z.optional(z.string()),
  assigneeId: z.optional(z.string()),
  history: z.array(historyEntrySchema),
});
