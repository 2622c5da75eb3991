import { pageCursor, pageLimit } from '../../../platform/http/page-query.js';
import type { Role } from '../../../platform/wiring/roles.js';
import * as z from '../../../platform/zod.js';
import { ALERT_STATUSES, SEVERITIES } from '../domain/alert.js';

/** Who may read alerts, and who may change them (acknowledge, resolve, assign). */
export const ALERT_READERS: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'agent'];
export const ALERT_HANDLERS: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher'];

/** `{alertId}` of the lifecycle routes; an id that matches nothing is a 404, whatever its shape. */
export const alertPath = z.object({
  alertId: z
    .string({ error: 'alertId is required' })
    .check(z.minLength(1), z.maxLength(64, { error: 'alertId is at most 64 characters' })),
});

/** Query string of `GET /v1/alerts`; everything arrives as strings. */
export const listAlertsQuery = z.object({
  status: z.optional(z.enum(ALERT_STATUSES, { error: `status must be one of ${ALERT_STATUSES.join(', ')}` })),
  severity: z.optional(z.enum(SEVERITIES, { error: `severity must be one of ${SEVERITIES.join(', ')}` })),
  vehicleId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  limit: pageLimit(25, 100),
  cursor: pageCursor(),
});

const note = z
  .string({ error: 'note must be text' })
  .check(z.trim(), z.minLength(1, { error: 'note must not be empty' }), z.maxLength(2000));

/** Body of `acknowledge` and `resolve`: an optional note (the body itself may be absent). */
export const optionalNoteBody = z.optional(z.strictObject({ note: z.optional(note) }));

/** Body of `POST /v1/alerts/{alertId}/assign`. */
export const assignBody = z.strictObject({
  userId: z.string({ error: 'userId is required' }).check(z.trim(), z.minLength(1), z.maxLength(128)),
});

/** Body of `POST /v1/alerts/{alertId}/notes`. */
export const noteBody = z.strictObject({ text: note });
