import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import { alertIdFor } from '../../functions/modules/alerts/domain/alert-id.js';
import { alertSchema } from '../../functions/modules/alerts/events.js';
import { createChangeAlertHandler } from '../../functions/modules/alerts/handlers/change-alert.handler.js';
import { createGetAlertHandler } from '../../functions/modules/alerts/handlers/get-alert.handler.js';
import { httpEvent, jsonBody, type TestCaller } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import {
  CapturingMetrics,
  FakeEventPublisher,
  FixedClock,
  silentLogger,
  testTracer,
  unlimitedRateLimiter,
} from '../support/fakes.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

const dispatcher = (userId: string, tenantId = 'acme'): TestCaller => ({ tenantId, userId, roles: ['dispatcher'] });
const route = (
  method: string,
  template: string,
  params: Record<string, string>,
  caller: TestCaller,
  body?: unknown,
) => ({
  ...httpEvent({ method, path: template, caller, ...(body === undefined ? {} : { body }) }),
  pathParameters: params,
});

let seq = 0;
function newAlert(overrides: Partial<Alert> = {}): Alert {
  const ts = new Date(Date.UTC(2026, 10, 22, 13, 0, seq++)).toISOString();
  const vehicleId = overrides.vehicleId ?? `TRK-${seq}`;
  return {
    tenantId: 'acme',
    alertId: alertIdFor('acme', vehicleId, 'engine-failure', ts),
    vehicleId,
    type: 'ENGINE_FAILURE',
    ruleId: 'engine-failure',
    severity: 'CRITICAL',
    status: 'open',
    message: 'Engine failure',
    raisedAt: ts,
    readings: [{ vehicleId, ts, engineTemp: 120, oilPressure: 10 }],
    history: [{ at: ts, by: 'system', action: 'raised' }],
    ...overrides,
  };
}

describe('alert lifecycle routes', () => {
  let repos: TestRepositories;
  let events: FakeEventPublisher;
  let change: ReturnType<typeof createChangeAlertHandler>;
  let get: ReturnType<typeof createGetAlertHandler>;
  const clock = new FixedClock();

  beforeAll(async () => {
    const db = await createTestDatabase();
    repos = testRepositories(db.documentClient, db.tables, { clock });
    events = new FakeEventPublisher();
    const basics = {
      clock,
      logger: silentLogger(),
      metrics: new CapturingMetrics(),
      tracer: testTracer(),
      rateLimits: unlimitedRateLimiter,
    };
    change = createChangeAlertHandler({ alerts: repos.alerts, events, idempotency: repos.idempotency, ...basics });
    get = createGetAlertHandler({ alerts: repos.alerts, ...basics });
  });

  const raise = async (overrides: Partial<Alert> = {}) => {
    const alert = newAlert(overrides);
    expect((await repos.alerts.raiseIfNotOpen(alert)).raised).toBe(true);
    return alert;
  };
  const post = (alertId: string, action: string, caller: TestCaller, body?: unknown) =>
    change(route('POST', `/v1/alerts/{alertId}/${action}`, { alertId }, caller, body));

  it('GET answers the alert with its readings and history', async () => {
    const alert = await raise();

    const result = await get(route('GET', '/v1/alerts/{alertId}', { alertId: alert.alertId }, dispatcher('d1')));

    expect(result.statusCode).toBe(200);
    expect(jsonBody(result)).toEqual(alert);
  });

  it('acknowledge → resolve, each recorded in history and published with the whole alert', async () => {
    // Prepare
    const alert = await raise();
    events.published.length = 0;

    // Act
    const acked = await post(alert.alertId, 'acknowledge', dispatcher('d1'), { note: 'driver called' });
    clock.advance(60_000);
    const resolved = await post(alert.alertId, 'resolve', dispatcher('d2'));

    // Assess
    expect(acked.statusCode).toBe(200);
    expect(jsonBody(acked)).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'd1' });
    const final = jsonBody<Alert>(resolved);
    expect(final).toMatchObject({ status: 'resolved', acknowledgedBy: 'd1', resolvedBy: 'd2' });
    expect(final.history.map((h) => [h.action, h.by, h.note])).toEqual([
      ['raised', 'system', undefined],
      ['acknowledged', 'd1', 'driver called'],
      ['resolved', 'd2', undefined],
    ]);
    expect(events.published.map((e) => [e.source, e.detailType])).toEqual([
      ['fleetops.alerts', 'alert.acknowledged'],
      ['fleetops.alerts', 'alert.resolved'],
    ]);
    expect(alertSchema.parse(events.published[1]?.detail)).toEqual(final);
    expect(await repos.alerts.get('acme', alert.alertId)).toEqual(final);
  });

  it('acknowledging a resolved alert is 409 INVALID_TRANSITION and changes nothing', async () => {
    const alert = await raise();
    await post(alert.alertId, 'resolve', dispatcher('d1'));
    events.published.length = 0;

    const result = await post(alert.alertId, 'acknowledge', dispatcher('d2'));

    expect(result.statusCode).toBe(409);
    expect(jsonBody(result)).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(events.published).toEqual([]);
    expect((await repos.alerts.get('acme', alert.alertId))?.status).toBe('resolved');
  });

  it('two dispatchers acknowledging at once: one 200, one 409 (conditional write, real concurrency)', async () => {
    for (let round = 0; round < 5; round++) {
      // Prepare
      const alert = await raise();

      // Act: both requests are in flight together against DynamoDB Local.
      const results = await Promise.all([
        post(alert.alertId, 'acknowledge', dispatcher('d1')),
        post(alert.alertId, 'acknowledge', dispatcher('d2')),
      ]);

      // Assess
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const stored = await repos.alerts.get('acme', alert.alertId);
      const winner = jsonBody<Alert>(results.find((r) => r.statusCode === 200));
      expect(stored?.acknowledgedBy).toBe(winner.acknowledgedBy);
      expect(stored?.history.filter((h) => h.action === 'acknowledged')).toHaveLength(1);
    }
  });

  it('the same user acknowledging twice gets 200 both times, the alert unchanged, the event republished', async () => {
    const alert = await raise();
    const first = jsonBody<Alert>(await post(alert.alertId, 'acknowledge', dispatcher('d1')));
    events.published.length = 0;
    clock.advance(1000);

    const again = await post(alert.alertId, 'acknowledge', dispatcher('d1'));

    expect(again.statusCode).toBe(200);
    expect(jsonBody(again)).toEqual(first);
    expect(events.published.map((e) => e.detailType)).toEqual(['alert.acknowledged']);
  });

  it('assigns and notes, publishing alert.assigned and alert.noted', async () => {
    const alert = await raise();
    events.published.length = 0;

    const assigned = await post(alert.alertId, 'assign', dispatcher('d1'), { userId: 'mech-7' });
    const noted = await post(
      alert.alertId,
      'notes',
      { tenantId: 'acme', userId: 'a1', roles: ['agent'] },
      { text: 'Customer informed' },
    );

    expect(jsonBody(assigned)).toMatchObject({ assigneeId: 'mech-7', status: 'open' });
    expect(jsonBody<Alert>(noted).history.at(-1)).toMatchObject({
      by: 'a1',
      action: 'noted',
      note: 'Customer informed',
    });
    expect(events.published.map((e) => e.detailType)).toEqual(['alert.assigned', 'alert.noted']);
  });

  it('resolve releases the (vehicle, rule) lock and starts the cool-down', async () => {
    // Prepare
    const alert = await raise({ vehicleId: 'VAN-77' });
    const firedAt = (s: number) => new Date(clock.now().getTime() + s * 1000).toISOString();
    const next = (s: number) =>
      newAlert({ vehicleId: 'VAN-77', alertId: alertIdFor('acme', 'VAN-77', 'engine-failure', firedAt(s)) });
    expect(await repos.alerts.raiseIfNotOpen(next(1))).toEqual({ raised: false, openAlertId: alert.alertId });

    // Act
    await post(alert.alertId, 'resolve', dispatcher('d1'));

    // Assess: 300 s of cool-down from the resolve, measured on the firing reading's time.
    expect(await repos.alerts.raiseIfNotOpen(next(120), { cooldownSeconds: 300, firedAt: firedAt(120) })).toEqual({
      raised: false,
      coolingDown: true,
    });
    const after = await repos.alerts.raiseIfNotOpen(next(301), { cooldownSeconds: 300, firedAt: firedAt(301) });
    expect(after.raised).toBe(true);
  });

  it('globex can neither read nor change an acme alert: 404 for every route', async () => {
    const alert = await raise();
    const globex = dispatcher('g1', 'globex');

    const results = [
      await get(route('GET', '/v1/alerts/{alertId}', { alertId: alert.alertId }, globex)),
      await post(alert.alertId, 'acknowledge', globex),
      await post(alert.alertId, 'resolve', globex),
      await post(alert.alertId, 'assign', globex, { userId: 'x' }),
      await post(alert.alertId, 'notes', globex, { text: 'x' }),
    ];

    expect(results.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404]);
    expect(jsonBody(results[1])).toMatchObject({ code: 'ALERT_NOT_FOUND' });
    expect((await repos.alerts.get('acme', alert.alertId))?.history).toHaveLength(1);
  });

  it('validates bodies (400 with the path) and roles (403 for drivers and partners)', async () => {
    const alert = await raise();

    const noUser = await post(alert.alertId, 'assign', dispatcher('d1'), {});
    const emptyNote = await post(alert.alertId, 'notes', dispatcher('d1'), { text: '  ' });
    const extra = await post(alert.alertId, 'acknowledge', dispatcher('d1'), { note: 'x', status: 'resolved' });
    const driver = await post(alert.alertId, 'acknowledge', { tenantId: 'acme', roles: ['driver'] });
    const partnerRead = await get(
      route('GET', '/v1/alerts/{alertId}', { alertId: alert.alertId }, { tenantId: 'acme', roles: ['partner'] }),
    );
    const agentAck = await post(alert.alertId, 'acknowledge', { tenantId: 'acme', roles: ['agent'] });

    expect(jsonBody<{ details: { path: string }[] }>(noUser).details[0]?.path).toBe('body.userId');
    expect(jsonBody<{ details: { path: string }[] }>(emptyNote).details[0]?.path).toBe('body.text');
    expect(extra.statusCode).toBe(400);
    expect([driver.statusCode, partnerRead.statusCode, agentAck.statusCode]).toEqual([403, 403, 403]);
  });

  it('an unknown alert id is 404', async () => {
    const result = await post('01JDZZZZZZZZZZZZZZZZZZZZZZ', 'acknowledge', dispatcher('d1'));
    expect(result.statusCode).toBe(404);
  });
});
