import * as z from 'zod';
import type { Role } from '../../../platform/wiring/roles.js';
import { RULE_ID_PATTERN } from '../domain/rule-schema.js';

/** Who may read the tenant's rules, and who may change them (PRODUCT: admin, fleet_manager). */
export const RULE_READERS: readonly Role[] = ['admin', 'fleet_manager', 'dispatcher', 'agent'];
export const RULE_WRITERS: readonly Role[] = ['admin', 'fleet_manager'];

export const rulePath = z.object({
  ruleId: z.string().regex(RULE_ID_PATTERN, { error: 'ruleId must be 1-64 letters, digits, _ or -' }),
});
