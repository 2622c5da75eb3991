import type { RateLimitSettingsStore } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import { DEFAULT_PLAN, limitsOf, type Plan, type RateLimits } from '../../../platform/rate-limit/plans.js';

/** What a tenant's plan view shows: the plan, the limits in force and whether they are the plan's own. */
export interface TenantPlanView {
  readonly tenantId: string;
  readonly plan: Plan;
  /** The buckets in force (docs/adr/0114): the plan's, or an operator's override of either. */
  readonly limits: RateLimits;
  /** Whether an operator overrode a bucket for this tenant's contract. */
  readonly customLimits: boolean;
  /** Whether the tenant has no settings and runs on the default plan. */
  readonly isDefault: boolean;
}

export interface TenantPlanPorts {
  readonly planSettings: Pick<RateLimitSettingsStore, 'readSettings'>;
}

/** A tenant's plan and its limits (tenant from the verified token: the handler checks the path). */
export async function showTenantPlan(ports: TenantPlanPorts, tenantId: string): Promise<TenantPlanView> {
  const settings = await ports.planSettings.readSettings(tenantId);
  return {
    tenantId,
    plan: settings?.plan ?? DEFAULT_PLAN,
    limits: limitsOf(settings),
    customLimits: settings?.overrides !== undefined && Object.keys(settings.overrides).length > 0,
    isDefault: settings === undefined,
  };
}

/**
 * Puts a tenant on a plan, keeping an operator's overrides unless told to drop them. The platform
 * operator's act (docs/adr/0121): no HTTP route calls it; `npm run plan:set` does, with the stage's
 * AWS credentials. The limiters see it within a minute (their settings cache).
 */
export async function setTenantPlan(
  ports: { readonly planSettings: RateLimitSettingsStore },
  input: { readonly tenantId: string; readonly plan: Plan; readonly dropOverrides?: boolean },
): Promise<TenantPlanView> {
  const current = await ports.planSettings.readSettings(input.tenantId);
  const overrides = input.dropOverrides ? undefined : current?.overrides;
  await ports.planSettings.saveSettings(input.tenantId, { plan: input.plan, ...(overrides ? { overrides } : {}) });
  return showTenantPlan(ports, input.tenantId);
}
