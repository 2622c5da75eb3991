import { beforeAll, describe, expect, it } from 'vitest';
import {
  createTenantPlanHandler,
  tenantPlanFunction,
} from '../../functions/modules/integrations/handlers/tenant-plan.handler.js';
import { setTenantPlan } from '../../functions/modules/integrations/use-cases/tenant-plan.js';
import { FUNCTIONS } from '../../functions/modules/registry.js';
import {
  DynamoDbRateLimiter,
  type RateLimitSettingsStore,
} from '../../functions/platform/rate-limit/dynamodb-rate-limiter.js';
import { httpEvent, jsonBody, type TestCaller } from '../support/api-gateway-events.js';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';
import { FixedClock, testBasics } from '../support/fakes.js';

const admin = (tenantId: string): TestCaller => ({ tenantId, userId: `${tenantId}-admin`, roles: ['admin'] });

/**
 * `GET /v1/tenants/{tenantId}/plan` (issue #11, docs/adr/0121) on DynamoDB Local: an admin reads
 * its own tenant's plan and limits; another tenant's id is 404; no role may set a plan through the
 * API; the operator's use case sets it and the limiter then applies it.
 */
describe('a tenant’s plan', () => {
  let db: TestDatabase;
  let clock: FixedClock;
  let settings: RateLimitSettingsStore;
  let handler: ReturnType<typeof createTenantPlanHandler>;
  const read = (tenantId: string, caller: TestCaller | undefined, method = 'GET') =>
    handler({
      ...httpEvent({ method, path: '/v1/tenants/{tenantId}/plan', ...(caller ? { caller } : {}) }),
      pathParameters: { tenantId },
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    clock = new FixedClock(new Date('2026-12-02T12:00:00.000Z'));
    const parts = { client: db.documentClient, tableName: db.tables.rateLimits as string, clock };
    settings = new DynamoDbRateLimiter(parts);
    // settingsTtlMs 0: the limiter reads the plan on every request, so the test sees the change at once.
    const limiter = new DynamoDbRateLimiter({ ...parts, settingsTtlMs: 0 });
    handler = createTenantPlanHandler({ ...testBasics(clock), rateLimits: limiter, planSettings: settings });
  });

  it('shows an admin the default plan and its limits when the operator set none', async () => {
    const response = await read('acme', admin('acme'));

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({
      tenantId: 'acme',
      plan: 'standard',
      limits: { tenant: { capacity: 3000, refillPerSecond: 50 }, client: { capacity: 600, refillPerSecond: 10 } },
      customLimits: false,
      isDefault: true,
    });
  });

  it('shows the plan the operator set, and the limiter applies it to the next request', async () => {
    await setTenantPlan({ planSettings: settings }, { tenantId: 'initech', plan: 'enterprise' });

    const response = await read('initech', admin('initech'));

    expect(jsonBody(response)).toMatchObject({ plan: 'enterprise', isDefault: false, customLimits: false });
    expect(response.headers?.['RateLimit-Policy']).toBe('"client";q=6000;w=60, "tenant";q=30000;w=60');
  });

  it('keeps an operator’s overrides when the plan changes, unless told to drop them', async () => {
    await settings.saveSettings('umbrella', {
      plan: 'free',
      overrides: { client: { capacity: 50, refillPerSecond: 1 } },
    });

    const kept = await setTenantPlan({ planSettings: settings }, { tenantId: 'umbrella', plan: 'standard' });
    const dropped = await setTenantPlan(
      { planSettings: settings },
      { tenantId: 'umbrella', plan: 'standard', dropOverrides: true },
    );

    expect(kept).toMatchObject({ plan: 'standard', customLimits: true, limits: { client: { capacity: 50 } } });
    expect(dropped).toMatchObject({ plan: 'standard', customLimits: false, limits: { client: { capacity: 600 } } });
  });

  it("answers 404 for another tenant's id, whether it has a plan or not, and shows nothing of it", async () => {
    await setTenantPlan({ planSettings: settings }, { tenantId: 'globex', plan: 'enterprise' });

    const withPlan = await read('globex', admin('acme'));
    const unknown = await read('nobody', admin('acme'));

    for (const response of [withPlan, unknown]) {
      expect(response.statusCode).toBe(404);
      expect(jsonBody(response)).toEqual({ code: 'TENANT_NOT_FOUND', message: expect.any(String) });
    }
    expect(JSON.stringify(jsonBody(withPlan))).not.toContain('enterprise');
  });

  it('is the admin’s only: other roles 403, no token 401', async () => {
    const dispatcher = await read('acme', { tenantId: 'acme', userId: 'd', roles: ['dispatcher'] });
    const partner = await read('acme', { tenantId: 'acme', userId: 'apikey:k', roles: ['partner'] });
    const anonymous = await read('acme', undefined);

    expect(dispatcher.statusCode).toBe(403);
    expect(partner.statusCode).toBe(403);
    expect(anonymous.statusCode).toBe(401);
  });

  it('cannot be set through the API by anyone: no route writes a plan, and a PUT to it is refused', async () => {
    const planRoutes = FUNCTIONS.flatMap((f) => f.triggers).filter(
      (t) => t.kind === 'http' && /plan|settings|rate-limit/i.test(t.path),
    );
    const put = await read('acme', admin('acme'), 'PUT');

    expect(planRoutes.map((t) => (t.kind === 'http' ? `${t.method} ${t.path}` : ''))).toEqual([
      'GET /v1/tenants/{tenantId}/plan',
    ]);
    expect(tenantPlanFunction.bindings.planSettings.access).toBe('read');
    expect(put.statusCode).toBe(403);
    expect(jsonBody(await read('acme', admin('acme')))).toMatchObject({ plan: 'standard', isDefault: true });
  });
});
