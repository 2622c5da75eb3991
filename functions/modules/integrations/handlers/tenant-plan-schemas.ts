import * as z from 'zod';
import { PLANS } from '../../../platform/rate-limit/plans.js';

/** `{tenantId}` of `/v1/tenants/{tenantId}/plan`. */
export const tenantPlanPath = z.strictObject({ tenantId: z.string().min(1).max(64) });

const bucket = z.object({
  capacity: z.number().int().describe('The burst: requests a full bucket admits at once'),
  refillPerSecond: z.number().describe('Tokens back per second'),
});

/** The answer of `GET /v1/tenants/{tenantId}/plan`. */
export const tenantPlanView = z.object({
  tenantId: z.string(),
  plan: z.enum(PLANS),
  limits: z.object({
    tenant: bucket.describe('Shared by every caller of the tenant'),
    client: bucket.describe('One per user, API key or OAuth client'),
  }),
  customLimits: z.boolean().describe('An operator overrode a bucket for this tenant’s contract'),
  isDefault: z.boolean().describe('No plan set: the default plan (standard)'),
});
