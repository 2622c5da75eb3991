import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import { alertIdFor } from '../../functions/modules/alerts/domain/alert-id.js';
import { createChangeAlertHandler } from '../../functions/modules/alerts/handlers/change-alert.handler.js';
import { ExposableError } from '../../functions/platform/errors.js';
import { type HttpLambdaHandler, httpHandler } from '../../functions/platform/http/http-handler.js';
import type { IdempotencyStore } from '../../functions/platform/idempotency/idempotency-store.js';
import { DynamoDbRateLimiter } from '../../functions/platform/rate-limit/dynamodb-rate-limiter.js';
import type { RateLimiter } from '../../functions/platform/rate-limit/rate-limiter.js';
import { defineFunction } from '../../functions/platform/wiring/declaration.js';
import * as z from '../../functions/platform/zod.js';
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

/** An event with path parameters and, when given, an Idempotency-Key header. */
function request(
  template: string,
  params: Record<string, string>,
  caller: TestCaller,
  body: unknown,
  key?: string,
): ReturnType<typeof httpEvent> {
  const event = httpEvent({ method: 'POST', path: template, caller, body });
  return {
    ...event,
    pathParameters: params,
    headers: { ...event.headers, ...(key === undefined ? {} : { 'idempotency-key': key }) },
  };
}

/**
 * A route that does what its body says and counts its runs, to see exactly when the middleware
 * runs the logic, replays, refuses or releases.
 */
function probeRoute(idempotency: IdempotencyStore, clock: FixedClock, rateLimits: RateLimiter = unlimitedRateLimiter) {
  const runs: string[] = [];
  let gate: Promise<void> | undefined;
  const declaration = defineFunction({
    name: 'probe',
    description: 'test route',
    entry: 'tests/infra/fixtures/noop.lambda.ts',
    triggers: [
      { kind: 'http', method: 'POST', path: '/v1/probes/{probeId}', roles: ['dispatcher'], idempotent: true },
      { kind: 'http', method: 'POST', path: '/v1/plain/{probeId}', roles: ['dispatcher'] },
    ],
    bindings: {},
    factory: (): HttpLambdaHandler => handler,
  });
  const deps = {
    clock,
    logger: silentLogger(),
    metrics: new CapturingMetrics(),
    tracer: testTracer(),
    rateLimits,
    idempotency,
  };
  const handler: HttpLambdaHandler = httpHandler(
    {
      declaration,
      deps,
      body: z.object({ outcome: z.enum(['ok', 'conflict', 'crash', 'slow']), n: z.number() }),
      path: z.object({ probeId: z.string() }),
    },
    async ({ body, path: { probeId } }) => {
      runs.push(`${probeId}:${body.outcome}:${body.n}`);
      if (body.outcome === 'conflict') throw new ExposableError(409, 'INVALID_TRANSITION', 'no');
      if (body.outcome === 'crash') throw new Error('database fell over');
      if (body.outcome === 'slow') await gate;
      return { statusCode: 201, body: { probeId, run: runs.length }, headers: { 'x-run': String(runs.length) } };
    },
  );
  return {
    runs,
    metrics: deps.metrics,
    hold: () => {
      let open = () => {};
      gate = new Promise((resolve) => {
        open = resolve;
      });
      return open;
    },
    post: (path: string, id: string, body: unknown, key?: string, caller = dispatcher('d1')) =>
      handler(request(path, { probeId: id }, caller, body, key)),
  };
}

describe('Idempotency-Key on HTTP routes (platform middleware over DynamoDB Local)', () => {
  let repos: TestRepositories;
  const clock = new FixedClock();
  let probe: ReturnType<typeof probeRoute>;
  let limited: ReturnType<typeof probeRoute>;
  const probes = '/v1/probes/{probeId}';

  beforeAll(async () => {
    const db = await createTestDatabase();
    repos = testRepositories(db.documentClient, db.tables, { clock });
    probe = probeRoute(repos.idempotency, clock);
    const limiter = new DynamoDbRateLimiter({
      client: db.documentClient,
      tableName: db.tables.rateLimits as string,
      clock,
    });
    limited = probeRoute(repos.idempotency, clock, limiter);
  });

  it('a replay carries RateLimit-Policy and RateLimit like any authenticated answer (docs/adr/0114)', async () => {
    const caller = dispatcher('rl-1', 'rl-tenant');

    const first = await limited.post(probes, 'rl1', { outcome: 'ok', n: 1 }, 'k-rl', caller);
    const again = await limited.post(probes, 'rl1', { outcome: 'ok', n: 1 }, 'k-rl', caller);

    expect(again.headers?.['Idempotent-Replayed']).toBe('true');
    expect(first.headers?.['RateLimit-Policy']).toBe('"client";q=600;w=60, "tenant";q=3000;w=60');
    expect(again.headers?.['RateLimit-Policy']).toBe(first.headers?.['RateLimit-Policy']);
    // The replay took its own token: the field is this moment's, not the stored answer's.
    expect(first.headers?.RateLimit).toBe('"client";r=599;t=1, "tenant";r=2999;t=1');
    expect(again.headers?.RateLimit).toBe('"client";r=598;t=1, "tenant";r=2998;t=1');
    expect(limited.runs).toEqual(['rl1:ok:1']);
  });

  it('runs once per key: the repeat answers the stored status, headers and body, marked replayed', async () => {
    // Act
    const first = await probe.post(probes, 'p1', { outcome: 'ok', n: 1 }, 'k-once');
    const again = await probe.post(probes, 'p1', { n: 1, outcome: 'ok' }, 'k-once');

    // Assess
    expect(first.statusCode).toBe(201);
    expect(first.headers?.['Idempotent-Replayed']).toBeUndefined();
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers).toMatchObject({ 'x-run': first.headers?.['x-run'], 'Idempotent-Replayed': 'true' });
    expect(probe.runs.filter((r) => r.startsWith('p1:'))).toEqual(['p1:ok:1']);
    expect(probe.metrics.total('idempotentReplays')).toBeGreaterThanOrEqual(1);
  });

  it('the same key with another body, or another path, is 422 IDEMPOTENCY_KEY_REUSED and runs nothing', async () => {
    await probe.post(probes, 'p2', { outcome: 'ok', n: 1 }, 'k-reuse');

    const otherBody = await probe.post(probes, 'p2', { outcome: 'ok', n: 2 }, 'k-reuse');
    const otherPath = await probe.post(probes, 'p3', { outcome: 'ok', n: 1 }, 'k-reuse');

    for (const result of [otherBody, otherPath]) {
      expect(result.statusCode).toBe(422);
      expect(Object.keys(jsonBody(result)).sort()).toEqual(['code', 'message']);
      expect(jsonBody(result)).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    }
    expect(probe.runs.filter((r) => r.startsWith('p2:') || r.startsWith('p3:'))).toEqual(['p2:ok:1']);
  });

  it('a repeat while the first still runs is 409 IDEMPOTENCY_IN_PROGRESS with Retry-After', async () => {
    // Prepare
    const open = probe.hold();
    const first = probe.post(probes, 'p4', { outcome: 'slow', n: 1 }, 'k-busy');
    await new Promise((resolve) => setTimeout(resolve, 200)); // the first has claimed the key

    // Act
    const meanwhile = await probe.post(probes, 'p4', { outcome: 'slow', n: 1 }, 'k-busy');
    open();
    const done = await first;
    const after = await probe.post(probes, 'p4', { outcome: 'slow', n: 1 }, 'k-busy');

    // Assess
    expect(meanwhile.statusCode).toBe(409);
    expect(jsonBody(meanwhile)).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
    expect(Number(meanwhile.headers?.['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(done.statusCode).toBe(201);
    expect(after.headers?.['Idempotent-Replayed']).toBe('true');
    expect(probe.runs.filter((r) => r.startsWith('p4:'))).toEqual(['p4:slow:1']);
  });

  it('a 4xx is stored and replayed; a 5xx is not, so the key can be retried', async () => {
    const conflict = await probe.post(probes, 'p5', { outcome: 'conflict', n: 1 }, 'k-4xx');
    const conflictAgain = await probe.post(probes, 'p5', { outcome: 'conflict', n: 1 }, 'k-4xx');
    const crash = await probe.post(probes, 'p6', { outcome: 'crash', n: 1 }, 'k-5xx');
    const crashAgain = await probe.post(probes, 'p6', { outcome: 'crash', n: 1 }, 'k-5xx');

    expect([conflict.statusCode, conflictAgain.statusCode]).toEqual([409, 409]);
    expect(conflictAgain.headers?.['Idempotent-Replayed']).toBe('true');
    expect(conflictAgain.body).toBe(conflict.body);
    expect([crash.statusCode, crashAgain.statusCode]).toEqual([500, 500]);
    expect(crashAgain.headers?.['Idempotent-Replayed']).toBeUndefined();
    expect(probe.runs.filter((r) => r.startsWith('p5:') || r.startsWith('p6:'))).toEqual([
      'p5:conflict:1',
      'p6:crash:1',
      'p6:crash:1',
    ]);
  });

  it('without the header, or on a route not declared idempotent, every request runs', async () => {
    await probe.post(probes, 'p7', { outcome: 'ok', n: 1 });
    await probe.post(probes, 'p7', { outcome: 'ok', n: 1 });
    await probe.post('/v1/plain/{probeId}', 'p8', { outcome: 'ok', n: 1 }, 'k-plain');
    await probe.post('/v1/plain/{probeId}', 'p8', { outcome: 'ok', n: 1 }, 'k-plain');

    expect(probe.runs.filter((r) => r.startsWith('p7:') || r.startsWith('p8:'))).toHaveLength(4);
  });

  it('a malformed key is 400 naming the header; a key of another user or tenant is independent', async () => {
    const malformed = await probe.post(probes, 'p9', { outcome: 'ok', n: 1 }, 'has space');
    await probe.post(probes, 'p10', { outcome: 'ok', n: 1 }, 'k-shared');
    const otherUser = await probe.post(probes, 'p10', { outcome: 'ok', n: 2 }, 'k-shared', dispatcher('d2'));
    const otherTenant = await probe.post(
      probes,
      'p10',
      { outcome: 'ok', n: 3 },
      'k-shared',
      dispatcher('d1', 'globex'),
    );

    expect(malformed.statusCode).toBe(400);
    expect(jsonBody(malformed)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'headers.idempotency-key' }],
    });
    expect([otherUser.statusCode, otherTenant.statusCode]).toEqual([201, 201]);
    expect(probe.runs.filter((r) => r.startsWith('p10:'))).toEqual(['p10:ok:1', 'p10:ok:2', 'p10:ok:3']);
  });

  it('a function declaring idempotent routes without binding the store fails when it is built', () => {
    const declaration = defineFunction({
      name: 'unbound',
      description: 'test route',
      entry: 'tests/infra/fixtures/noop.lambda.ts',
      triggers: [{ kind: 'http', method: 'POST', path: '/v1/x', roles: ['dispatcher'], idempotent: true }],
      bindings: {},
      factory: () => async () => undefined,
    });
    const deps = {
      clock,
      logger: silentLogger(),
      metrics: new CapturingMetrics(),
      tracer: testTracer(),
      rateLimits: unlimitedRateLimiter,
    };

    expect(() => httpHandler({ declaration, deps }, async () => ({ statusCode: 200 }))).toThrow(
      /unbound declares idempotent routes but binds no 'idempotency' store/,
    );
  });

  describe('on the alert lifecycle routes', () => {
    let events: FakeEventPublisher;
    let change: ReturnType<typeof createChangeAlertHandler>;

    beforeAll(() => {
      events = new FakeEventPublisher();
      const basics = {
        clock,
        logger: silentLogger(),
        metrics: new CapturingMetrics(),
        tracer: testTracer(),
        rateLimits: unlimitedRateLimiter,
      };
      change = createChangeAlertHandler({ alerts: repos.alerts, events, idempotency: repos.idempotency, ...basics });
    });

    const raise = async (tenantId = 'acme') => {
      const ts = new Date(Date.UTC(2026, 10, 22, 15, 0, Math.floor(Math.random() * 3600))).toISOString();
      const vehicleId = `IDEM-${Math.random().toString(36).slice(2, 8)}`;
      const alert: Alert = {
        tenantId,
        alertId: alertIdFor(tenantId, vehicleId, 'engine-failure', ts),
        vehicleId,
        type: 'ENGINE_FAILURE',
        ruleId: 'engine-failure',
        severity: 'CRITICAL',
        status: 'open',
        message: 'Engine failure',
        raisedAt: ts,
        history: [{ at: ts, by: 'system', action: 'raised' }],
      };
      expect((await repos.alerts.raiseIfNotOpen(alert)).raised).toBe(true);
      return alert;
    };
    const post = (alertId: string, action: string, caller: TestCaller, body: unknown, key: string) =>
      change(request(`/v1/alerts/{alertId}/${action}`, { alertId }, caller, body, key));

    it('a note sent twice with one key is one history entry, one event and the same answer', async () => {
      // Prepare
      const alert = await raise();
      events.published.length = 0;

      // Act
      const first = await post(alert.alertId, 'notes', dispatcher('d1'), { text: 'called the driver' }, 'n-1');
      clock.advance(1000);
      const replay = await post(alert.alertId, 'notes', dispatcher('d1'), { text: 'called the driver' }, 'n-1');
      const reused = await post(alert.alertId, 'notes', dispatcher('d1'), { text: 'something else' }, 'n-1');

      // Assess
      expect(first.statusCode).toBe(200);
      expect(replay.statusCode).toBe(200);
      expect(replay.body).toBe(first.body);
      expect(replay.headers?.['Idempotent-Replayed']).toBe('true');
      expect(reused.statusCode).toBe(422);
      const stored = await repos.alerts.get('acme', alert.alertId);
      expect(stored?.history.filter((h) => h.action === 'noted')).toHaveLength(1);
      expect(events.published.map((e) => e.detailType)).toEqual(['alert.noted']);
    });

    it('another tenant’s alert with a key answers 404, and that 404 is what its repeat gets', async () => {
      const alert = await raise();

      const first = await post(alert.alertId, 'acknowledge', dispatcher('g1', 'globex'), {}, 'g-1');
      const repeat = await post(alert.alertId, 'acknowledge', dispatcher('g1', 'globex'), {}, 'g-1');

      expect([first.statusCode, repeat.statusCode]).toEqual([404, 404]);
      expect((await repos.alerts.get('acme', alert.alertId))?.status).toBe('open');
    });
  });
});
