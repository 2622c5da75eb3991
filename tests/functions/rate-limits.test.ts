import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGetAlertHandler } from '../../functions/modules/alerts/handlers/get-alert.handler.js';
import { createListAlertsHandler } from '../../functions/modules/alerts/handlers/list-alerts.handler.js';
import {
  BUCKET_KEY_PATTERN,
  DynamoDbRateLimiter,
  dynamoDbRateLimiter,
} from '../../functions/platform/rate-limit/dynamodb-rate-limiter.js';
import type { RateLimiter } from '../../functions/platform/rate-limit/rate-limiter.js';
import { httpEvent, jsonBody, type TestCaller } from '../support/api-gateway-events.js';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';
import { CapturingMetrics, FixedClock, testBasics } from '../support/fakes.js';
import { testRepositories } from '../support/repositories.js';

const dispatcher = (tenantId: string, userId = `${tenantId}-dispatcher`): TestCaller => ({
  tenantId,
  userId,
  roles: ['dispatcher'],
});

/**
 * Rate limits (issue #11, C12, docs/adr/0114) through real handlers on DynamoDB Local: the fields on
 * 2xx and 4xx, 429 + Retry-After after the burst, refill on a FixedClock, tenants and clients
 * apart, no over-admission under parallel requests, fail open.
 */
describe('rate limits per tenant and per client', () => {
  let db: TestDatabase;
  let clock: FixedClock;
  let limiter: DynamoDbRateLimiter;
  let list: ReturnType<typeof createListAlertsHandler>;
  let get: ReturnType<typeof createGetAlertHandler>;
  const listAlerts = (caller: TestCaller) => list(httpEvent({ method: 'GET', path: '/v1/alerts', caller }));

  beforeAll(async () => {
    db = await createTestDatabase();
    clock = new FixedClock(new Date('2026-12-02T12:00:00.000Z'));
    limiter = new DynamoDbRateLimiter({ client: db.documentClient, tableName: db.tables.rateLimits as string, clock });
    const repos = testRepositories(db.documentClient, db.tables, { clock });
    list = createListAlertsHandler({ ...testBasics(clock), alerts: repos.alerts, rateLimits: limiter });
    get = createGetAlertHandler({ ...testBasics(clock), alerts: repos.alerts, rateLimits: limiter });
    // Small plans, so a burst is a few requests: client 3 at 1/s, tenant 5 at 1/s.
    for (const tenantId of ['small', 'small-b', 'clients']) {
      await limiter.saveSettings(tenantId, {
        plan: 'free',
        overrides: { client: { capacity: 3, refillPerSecond: 1 }, tenant: { capacity: 5, refillPerSecond: 1 } },
      });
    }
  });

  it('puts RateLimit-Policy and RateLimit on a 2xx and a 4xx alike (default plan)', async () => {
    const ok = await listAlerts(dispatcher('acme'));
    const notFound = await get({
      ...httpEvent({ method: 'GET', path: '/v1/alerts/{alertId}', caller: dispatcher('acme') }),
      pathParameters: { alertId: 'nope' },
    });

    expect(ok.statusCode).toBe(200);
    expect(ok.headers?.['RateLimit-Policy']).toBe('"client";q=600;w=60, "tenant";q=3000;w=60');
    expect(ok.headers?.RateLimit).toBe('"client";r=599;t=1, "tenant";r=2999;t=1');
    expect(notFound.statusCode).toBe(404);
    expect(notFound.headers?.RateLimit).toBe('"client";r=598;t=1, "tenant";r=2998;t=1');
  });

  it('answers 429 RATE_LIMITED with Retry-After after the burst, and admits again once a token is back', async () => {
    const caller = dispatcher('small');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await listAlerts(caller)).statusCode);
    const refused = await listAlerts(caller);

    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(refused.statusCode).toBe(429);
    expect(jsonBody<{ code: string }>(refused).code).toBe('RATE_LIMITED');
    expect(refused.headers?.['Retry-After']).toBe('1');
    expect(refused.headers?.['RateLimit-Policy']).toBe('"client";q=3;w=3, "tenant";q=5;w=5');
    expect(refused.headers?.RateLimit).toBe('"client";r=0;t=3');

    clock.advance(999);
    expect((await listAlerts(caller)).statusCode).toBe(429);
    clock.advance(1);
    const again = await listAlerts(caller);
    expect(again.statusCode).toBe(200);
    expect(again.headers?.RateLimit).toBe('"client";r=0;t=3, "tenant";r=2;t=3');
  });

  it("one tenant's burst does not limit another tenant", async () => {
    for (let i = 0; i < 4; i++) await listAlerts(dispatcher('small', `flood-${i}`));
    expect((await listAlerts(dispatcher('small', 'late'))).statusCode).toBe(429); // small's tenant bucket is empty
    expect((await listAlerts(dispatcher('small-b'))).statusCode).toBe(200);
  });

  it("gives each client its own bucket within a tenant; a refused client does not drain the tenant's", async () => {
    const noisy = dispatcher('clients', 'noisy');
    const results = [];
    for (let i = 0; i < 10; i++) results.push((await listAlerts(noisy)).statusCode);
    expect(results.filter((s) => s === 200)).toHaveLength(3);

    // The tenant's bucket (5) took only the noisy client's 3 admitted requests: 2 left for a quiet one.
    const quiet = await listAlerts(dispatcher('clients', 'quiet'));
    expect(quiet.statusCode).toBe(200);
    expect(quiet.headers?.RateLimit).toBe('"client";r=2;t=1, "tenant";r=1;t=4');
  });

  it('writes only items its binding may write: buckets match the IAM key pattern, the plan settings do not', async () => {
    // Prepare: one admitted request, which takes a token from a client bucket and the tenant's.
    expect((await listAlerts(dispatcher('keys-tenant', 'keys-user'))).statusCode).toBe(200);

    // Act: every item in the table, buckets and the operator's settings alike.
    const { Items = [] } = await db.documentClient.send(new ScanCommand({ TableName: db.tables.rateLimits as string }));

    // Assess: the binding the HTTP functions get carries the pattern (infra turns it into dynamodb:LeadingKeys).
    expect(dynamoDbRateLimiter.readWrite.writeKeys).toEqual([BUCKET_KEY_PATTERN]);
    const glob = new RegExp(`^${BUCKET_KEY_PATTERN.split('*').map(escapeRegExp).join('.*')}$`);
    const buckets = Items.filter((item) => item.sk === 'BUCKET').map((item) => String(item.pk));
    const settings = Items.filter((item) => item.sk === 'SETTINGS').map((item) => String(item.pk));
    expect(buckets).toEqual(expect.arrayContaining(['TENANT#keys-tenant#BUCKET#tenant']));
    expect(buckets.length).toBeGreaterThan(1);
    expect(settings.length).toBeGreaterThan(0);
    for (const pk of buckets) expect(pk).toMatch(glob);
    for (const pk of settings) expect(pk).not.toMatch(glob);
    expect(Items.every((item) => item.sk === 'BUCKET' || item.sk === 'SETTINGS')).toBe(true);
  });

  it('never over-admits under parallel requests from several containers', async () => {
    const containers = Array.from(
      { length: 4 },
      () => new DynamoDbRateLimiter({ client: db.documentClient, tableName: db.tables.rateLimits as string, clock }),
    );
    await containers[0]?.saveSettings('parallel', {
      plan: 'free',
      overrides: { client: { capacity: 50, refillPerSecond: 0.001 }, tenant: { capacity: 10, refillPerSecond: 0.001 } },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        (containers[i % 4] as RateLimiter).consume({ tenantId: 'parallel', clientId: `c${i % 3}` }),
      ),
    );
    expect(outcomes.filter((o) => o.allowed)).toHaveLength(10);
  });

  it('fails open when the store is unreachable: admitted, logged and counted', async () => {
    const broken = new DynamoDbRateLimiter({ client: db.documentClient, tableName: 'no-such-table', clock });
    const metrics = new CapturingMetrics();
    const repos = testRepositories(db.documentClient, db.tables, { clock });
    const handler = createListAlertsHandler({
      ...testBasics(clock),
      metrics,
      alerts: repos.alerts,
      rateLimits: broken,
    });

    const response = await handler(httpEvent({ method: 'GET', path: '/v1/alerts', caller: dispatcher('acme') }));

    expect(response.statusCode).toBe(200);
    expect(response.headers?.RateLimit).toBeUndefined();
    expect(metrics.total('rateLimiterFailures')).toBe(1);
  });

  it('counts no request without a verified caller (401 has no fields)', async () => {
    const response = await list(httpEvent({ method: 'GET', path: '/v1/alerts' }));
    expect(response.statusCode).toBe(401);
    expect(response.headers?.RateLimit).toBeUndefined();
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
