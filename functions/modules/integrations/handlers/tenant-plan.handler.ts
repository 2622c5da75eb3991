import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import { dynamoDbRateLimiter, dynamoDbRateLimitSettings } from '../../../platform/rate-limit/dynamodb-rate-limiter.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { TenantNotFound } from '../errors.js';
import { showTenantPlan } from '../use-cases/tenant-plan.js';
import { INTEGRATION_ADMIN_ROLES } from './partner-roles.js';
import { tenantPlanPath } from './tenant-plan-schemas.js';

const bindings = { rateLimits: dynamoDbRateLimiter.readWrite, planSettings: dynamoDbRateLimitSettings.read };
export type TenantPlanDeps = DepsOf<typeof bindings>;

/**
 * `GET /v1/tenants/{tenantId}/plan` (admin, docs/adr/0121): the tenant's plan and the rate limits
 * in force. Only the caller's own tenant: another tenant's id answers 404. Read-only by design: a
 * plan is what a tenant pays for, so only the platform operator sets it (`npm run plan:set`).
 */
export function createTenantPlanHandler(deps: TenantPlanDeps): HttpLambdaHandler {
  return httpHandler({ declaration: tenantPlanFunction, deps, path: tenantPlanPath }, async ({ identity, path }) => {
    if (path.tenantId !== identity.tenantId) throw new TenantNotFound(path.tenantId);
    return { statusCode: 200, body: await showTenantPlan(deps, identity.tenantId) };
  });
}

export const tenantPlanFunction = defineFunction({
  name: 'tenantPlan',
  description: 'GET /v1/tenants/{tenantId}/plan: the tenant’s plan and rate limits (admin; the operator sets it)',
  entry: 'functions/modules/integrations/handlers/tenant-plan.lambda.ts',
  triggers: [{ kind: 'http', method: 'GET', path: '/v1/tenants/{tenantId}/plan', roles: INTEGRATION_ADMIN_ROLES }],
  bindings,
  factory: createTenantPlanHandler,
});
