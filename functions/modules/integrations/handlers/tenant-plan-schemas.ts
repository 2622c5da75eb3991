import { PLANS } from '../../../platform/rate-limit/plans.js';
import * as z from '../../../platform/zod.js';

/** `{tenantId}` of `/v1/tenants/{tenantId}/plan`. */
export const tenantPlanPath = z.strictObject({ tenantId: z.string().check(z.minLength(1), z.maxLength(64)) });

const bucket = z.object({
  capacity: z.number().check(z.int(), z.describe('The burst: requests a full bucket admits at once')),
  refillPerSecond: z.number().check(z.describe('Tokens back per second')),
});

/** The answer of `GET /v1/tenants/{tenantId}/plan`. */
export const tenantPlanView = z.object({
  tenantId: z.string(),
  plan: z.enum(PLANS),
  limits: z.object({
    tenant: bucket.check(z.describe('Shared by every caller of the tenant')),
    client: bucket.check(z.describe('One per user, API key or OAuth client')),
  }),
  customLimits: z.boolean().check(z.describe('An operator overrode a bucket for this tenant’s contract')),
  isDefault: z.boolean().check(z.describe('No plan set: the default plan (standard)')),
});
