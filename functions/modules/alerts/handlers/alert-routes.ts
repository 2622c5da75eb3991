import * as z from 'zod';
import type { Role } from '../../../platform/wiring/roles.js';
import { ALERT_STATUSES, SEVERITIES } from '../domain/alert.js';

/** Who may read alerts, and who may change them (acknowledge, resolve, assign). */
export const ALERT_READERS: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'agent'];
export const ALERT_HANDLERS: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher'];

/** `{alertId}` of the lifecycle routes; an id that matches nothing is a 404, whatever its shape. */
export const alertPath = z.object({
  alertId: z.string({ error: 'alertId is required' }).min(1).max(64, { error: 'alertId is at most 64 characters' }),
});

/** Query string of `GET /v1/alerts`; everything arrives as strings. */
export const listAlertsQuery = z.object({
  status: z.enum(ALERT_STATUSES, { error: `status must be one of ${ALERT_STATUSES.join(', ')}` }).optional(),
  severity: z.enum(SEVERITIES, { error: `severity must be one of ${SEVERITIES.join(', ')}` }).optional(),
  vehicleId: z.string().min(1).max(64).optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int({ error: 'limit must be a whole number' })
    .min(1, { error: 'limit must be at least 1' })
    .max(100, { error: 'limit must be at most 100' })
    .default(25),
  cursor: z.string().min(1).max(512).optional(),
});

const note = z.string({ error: 'note must be text' }).trim().min(1, { error: 'note must not be empty' }).max(2000);

/** Body of `acknowledge` and `resolve`: an optional note (the body itself may be absent). */
export const optionalNoteBody = z.strictObject({ note: note.optional() }).optional();

/** Body of `POST /v1/alerts/{alertId}/assign`. */
export const assignBody = z.strictObject({ userId: z.string({ error: 'userId is required' }).trim().min(1).max(128) });

/** Body of `POST /v1/alerts/{alertId}/notes`. */
export const noteBody = z.strictObject({ text: note });
