import { type BucketLimit, checkLimit } from './token-bucket.js';

/** The plans a tenant may be on; each has a tenant-wide and a per-client bucket. */
export const PLANS = ['free', 'standard', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

/** A tenant's two buckets: shared by all its callers, and one per client (user, API key, OAuth client). */
export interface RateLimits {
  readonly tenant: BucketLimit;
  readonly client: BucketLimit;
}

/**
 * Limits per plan. A window of 60 s: the burst is a minute's refill, so `RateLimit-Policy` says
 * `q=<capacity>;w=60`. `standard` is the default for a tenant without settings; the local stack and
 * the tests' callers run on it too, and stay far below it.
 */
export const PLAN_LIMITS: Readonly<Record<Plan, RateLimits>> = {
  free: { tenant: { capacity: 600, refillPerSecond: 10 }, client: { capacity: 120, refillPerSecond: 2 } },
  standard: { tenant: { capacity: 3000, refillPerSecond: 50 }, client: { capacity: 600, refillPerSecond: 10 } },
  enterprise: {
    tenant: { capacity: 30_000, refillPerSecond: 500 },
    client: { capacity: 6000, refillPerSecond: 100 },
  },
};

/** The plan of a tenant without settings. */
export const DEFAULT_PLAN: Plan = 'standard';

/** A tenant's rate-limit settings: its plan and, for a contract that needs it, overrides of either bucket. */
export interface TenantRateLimitSettings {
  readonly plan: Plan;
  readonly overrides?: Partial<RateLimits>;
}

/** The limits that apply to a tenant with these settings (the default plan's when there are none). */
export function limitsOf(settings: TenantRateLimitSettings | undefined): RateLimits {
  const plan = settings && PLANS.includes(settings.plan) ? settings.plan : DEFAULT_PLAN;
  const base = PLAN_LIMITS[plan];
  return {
    tenant: checkLimit(settings?.overrides?.tenant ?? base.tenant),
    client: checkLimit(settings?.overrides?.client ?? base.client),
  };
}
