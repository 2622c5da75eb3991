import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import { alertIdFor } from '../../functions/modules/alerts/domain/alert-id.js';
import { createListAlertsHandler } from '../../functions/modules/alerts/handlers/list-alerts.handler.js';
import { httpEvent, jsonBody } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { CapturingMetrics, FixedClock, silentLogger, testTracer, unlimitedRateLimiter } from '../support/fakes.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

const dispatcher = (tenantId: string) => ({ tenantId, userId: 'd1', roles: ['dispatcher'] });
const get = (query: Record<string, string>, caller: { tenantId: string; roles: string[] } = dispatcher('acme')) =>
  httpEvent({ method: 'GET', path: '/v1/alerts', query, caller });

describe('GET /v1/alerts', () => {
  let repos: TestRepositories;
  let handler: ReturnType<typeof createListAlertsHandler>;

  beforeAll(async () => {
    const db = await createTestDatabase();
    repos = testRepositories(db.documentClient, db.tables);
    handler = createListAlertsHandler({
      alerts: repos.alerts,
      clock: new FixedClock(),
      logger: silentLogger(),
      metrics: new CapturingMetrics(),
      tracer: testTracer(),
      rateLimits: unlimitedRateLimiter,
    });
    for (let i = 0; i < 5; i++) {
      const ts = `2026-11-22T13:5${i}:00.000Z`;
      const alert: Alert = {
        tenantId: 'acme',
        alertId: alertIdFor('acme', `TRK-${i}`, 'OVERHEAT', ts),
        vehicleId: `TRK-${i}`,
        type: 'OVERHEAT',
        severity: i === 4 ? 'CRITICAL' : 'HIGH',
        status: 'open',
        message: 'hot',
        readings: [{ vehicleId: `TRK-${i}`, ts, engineTemp: 107 }],
        history: [],
        raisedAt: ts,
      };
      await repos.alerts.raiseIfNotOpen(alert);
    }
  });

  it('pages newest first with an opaque cursor', async () => {
    // Act
    const first = await handler(get({ limit: '2' }));
    const firstBody = jsonBody<{ items: Alert[]; nextCursor?: string }>(first);
    const second = jsonBody<{ items: Alert[]; nextCursor?: string }>(
      await handler(get({ limit: '2', cursor: firstBody.nextCursor ?? '' })),
    );

    // Assess
    expect(first.statusCode).toBe(200);
    expect(firstBody.items.map((a) => a.vehicleId)).toEqual(['TRK-4', 'TRK-3']);
    expect(second.items.map((a) => a.vehicleId)).toEqual(['TRK-2', 'TRK-1']);
  });

  it('defaults to 25 and omits nextCursor on the last page', async () => {
    const body = jsonBody<{ items: Alert[]; nextCursor?: string }>(await handler(get({})));

    expect(body.items).toHaveLength(5);
    expect(body).not.toHaveProperty('nextCursor');
  });

  it('filters by severity, status and vehicle', async () => {
    const critical = jsonBody<{ items: Alert[] }>(await handler(get({ severity: 'CRITICAL' })));
    const truck = jsonBody<{ items: Alert[] }>(await handler(get({ vehicleId: 'TRK-2', status: 'open' })));
    const resolved = jsonBody<{ items: Alert[] }>(await handler(get({ status: 'resolved' })));

    expect(critical.items.map((a) => a.vehicleId)).toEqual(['TRK-4']);
    expect(truck.items.map((a) => a.vehicleId)).toEqual(['TRK-2']);
    expect(resolved.items).toEqual([]);
  });

  it('shows another tenant none of these alerts, and refuses acme’s cursor to it', async () => {
    const acmeCursor = jsonBody<{ nextCursor: string }>(await handler(get({ limit: '1' }))).nextCursor;

    const globex = await handler(get({}, dispatcher('globex')));
    const stolen = await handler(get({ cursor: acmeCursor }, dispatcher('globex')));

    expect(jsonBody(globex)).toEqual({ items: [] });
    expect(stolen.statusCode).toBe(400);
    expect(jsonBody(stolen)).toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it.each<{ query: Record<string, string>; path: string }>([
    { query: { limit: '0' }, path: 'query.limit' },
    { query: { limit: '101' }, path: 'query.limit' },
    { query: { limit: 'ten' }, path: 'query.limit' },
    { query: { severity: 'URGENT' }, path: 'query.severity' },
    { query: { status: 'closed' }, path: 'query.status' },
  ])('answers 400 VALIDATION_FAILED for $query', async ({ query, path }) => {
    const result = await handler(get(query));

    expect(result.statusCode).toBe(400);
    const body = jsonBody<{ code: string; details: { path: string }[] }>(result);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details[0]?.path).toBe(path);
  });

  it('answers 400 INVALID_CURSOR for garbage', async () => {
    const result = await handler(get({ cursor: 'definitely-not-a-cursor' }));

    expect(result.statusCode).toBe(400);
    expect(jsonBody(result)).toEqual({ code: 'INVALID_CURSOR', message: 'The cursor is not valid for this request' });
  });

  it('answers 403 to a driver and a partner, 200 to an agent', async () => {
    expect((await handler(get({}, { tenantId: 'acme', roles: ['driver'] }))).statusCode).toBe(403);
    expect((await handler(get({}, { tenantId: 'acme', roles: ['partner'] }))).statusCode).toBe(403);
    expect((await handler(get({}, { tenantId: 'acme', roles: ['agent'] }))).statusCode).toBe(200);
  });
});
