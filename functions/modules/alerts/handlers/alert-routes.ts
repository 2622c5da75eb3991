import * as z from 'zod';
import type { Role } from '../../../platform/wiring/roles.js';

/** Who may read alerts, and who may change them (acknowledge, resolve, assign). */
export const ALERT_READERS: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'agent'];
export const ALERT_HANDLERS: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher'];

/** `{alertId}` of the lifecycle routes; an id that matches nothing is a 404, whatever its shape. */
export const alertPath = z.object({
  alertId: z.string({ error: 'alertId is required' }).min(1).max(64, { error: 'alertId is at most 64 characters' }),
});
