import * as z from 'zod';
import type { EventPattern } from '../../platform/wiring/events.js';
import { readingShape } from '../fleet/events.js';
import { ALERT_STATUSES, type Alert, SEVERITIES } from './domain/alert.js';

/** The alerts context's events on the bus; each `detailType` is also an outbound webhook type. */
export const ALERT_EVENTS = {
  source: 'fleetops.alerts',
  alertRaised: 'alert.raised',
  /** A failure prediction above threshold raised a MAINTENANCE_PREDICTED alert. */
  maintenancePredicted: 'maintenance.predicted',
} as const;

/** The rule pattern that selects `alert.raised`. */
export const ALERT_RAISED_PATTERN: EventPattern = {
  source: [ALERT_EVENTS.source],
  'detail-type': [ALERT_EVENTS.alertRaised],
};

/** The detail of `alert.raised`: the alert itself. */
export const alertSchema: z.ZodType<Alert> = z.object({
  tenantId: z.string().min(1),
  alertId: z.string().min(1),
  vehicleId: z.string().min(1),
  type: z.string().min(1),
  severity: z.enum(SEVERITIES),
  status: z.enum(ALERT_STATUSES),
  message: z.string(),
  reading: readingShape,
  raisedAt: z.string().min(1),
});
