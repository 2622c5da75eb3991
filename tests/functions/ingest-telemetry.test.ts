import { beforeEach, describe, expect, it } from 'vitest';
import {
  createIngestTelemetryHandler,
  type IngestTelemetryDeps,
} from '../../functions/modules/fleet/handlers/ingest-telemetry.handler.js';
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
import { consumeIngestLog, loggedParts as loggedPartsOf } from '../support/ingest-log.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

const partner = { tenantId: 'acme', userId: 'p1', roles: ['partner'] };
const post = (body: unknown, caller: TestCaller | null = partner) =>
  httpEvent({ method: 'POST', path: '/v1/telemetry', body, ...(caller ? { caller } : {}) });

describe('POST /v1/telemetry', () => {
  let repos: TestRepositories;
  let metrics: CapturingMetrics;
  let events: FakeEventPublisher;
  let handler: ReturnType<typeof createIngestTelemetryHandler>;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const clock = new FixedClock();

  /** The handler over this test's repositories (or a container's own), with `overrides`. */
  const handlerWith = (overrides: Partial<IngestTelemetryDeps> = {}) =>
    createIngestTelemetryHandler({
      telemetry: repos.telemetry,
      ingestLog: repos.ingestLog,
      fleet: repos.fleet,
      events,
      clock,
      logger: silentLogger(),
      metrics,
      tracer: testTracer(),
      rateLimits: unlimitedRateLimiter,
      ...overrides,
    });

  beforeEach(async () => {
    db = await createTestDatabase();
    repos = testRepositories(db.documentClient, db.tables, { clock });
    metrics = new CapturingMetrics();
    events = new FakeEventPublisher();
    handler = handlerWith();
    const vehicleIds = [
      'TRK-101',
      'VAN-12',
      'TRK-1',
      'LOST-1',
      'LOST-2',
      ...Array.from({ length: 7 }, (_, i) => `TRK-${i}`),
    ];
    for (const vehicleId of new Set(vehicleIds)) {
      await repos.fleet.putVehicle({ tenantId: 'acme', vehicleId, name: vehicleId, type: 'truck' });
    }
    await repos.fleet.putVehicle({ tenantId: 'globex', vehicleId: 'GLX-1', name: 'Globex 1', type: 'van' });
  });

  const loggedParts = () => loggedPartsOf(db);
  const consumeLog = () => consumeIngestLog(db, repos, clock);

  /**
   * How many of these readings acme's telemetry table holds once the log is consumed, probed by a
   * container of its own (the handler's remembers what it accepted).
   */
  const storedCount = async (readings: { vehicleId: string; ts: string }[]) => {
    await consumeLog();
    const probe = readings.map((r) => ({ vehicleId: r.vehicleId, ts: new Date(r.ts).toISOString() }));
    const elsewhere = testRepositories(db.documentClient, db.tables, { clock }).telemetry;
    return probe.length - (await elsewhere.unseen('acme', probe)).length;
  };

  it('accepts a batch of known vehicles and stores each new reading once', async () => {
    // Prepare
    const body = {
      readings: [
        { vehicleId: 'TRK-101', ts: '2026-11-22T15:59:00+02:00', engineTemp: 120, oilPressure: 10 },
        { vehicleId: 'TRK-101', ts: '2026-11-22T13:59:00.000Z', engineTemp: 120, oilPressure: 10 },
        { vehicleId: 'VAN-12', ts: '2026-11-22T13:58:30Z', speed: 80, extra: 'ignored' },
      ],
    };

    // Act
    const result = await handler(post(body));

    // Assess: the first two are the same instant, so they collapse; both distinct readings are stored.
    expect(result.statusCode).toBe(202);
    expect(jsonBody(result)).toEqual({ accepted: 3, duplicates: 1 });
    expect(await storedCount(body.readings.slice(1))).toBe(2);
    expect(metrics.total('readingsAccepted')).toBe(2);
    expect(metrics.total('readingsDuplicate')).toBe(1);
  });

  it('answers a resent batch with duplicates', async () => {
    const body = { readings: [{ vehicleId: 'TRK-101', ts: '2026-11-22T13:59:00Z', speed: 10 }] };
    await handler(post(body));

    const result = await handler(post(body));

    expect(jsonBody(result)).toEqual({ accepted: 1, duplicates: 1 });
  });

  it.each([
    { name: 'a vehicle that does not exist', vehicleId: 'GHOST-999' },
    { name: "another tenant's vehicle", vehicleId: 'GLX-1' },
  ])('answers 422 UNKNOWN_VEHICLE for $name, naming it, and stores nothing of the batch', async ({ vehicleId }) => {
    // Prepare: one good reading beside the unknown one
    const readings = [
      { vehicleId: 'TRK-101', ts: '2026-11-22T13:59:00Z', engineTemp: 120, oilPressure: 10 },
      { vehicleId, ts: '2026-11-22T13:59:00Z', engineTemp: 120, oilPressure: 10 },
    ];

    // Act
    const result = await handler(post({ readings }));

    // Assess
    expect(result.statusCode).toBe(422);
    expect(jsonBody(result)).toEqual({
      code: 'UNKNOWN_VEHICLE',
      message: `Not vehicles of your fleet: ${vehicleId}; nothing was stored`,
      details: { vehicleIds: [vehicleId] },
    });
    expect(await storedCount(readings.slice(0, 1))).toBe(0);
  });

  it.each([
    'engineTemp',
    'lat',
    'lng',
    'speed',
    'odometer',
    'acceleration',
  ])('answers 400 for %s too small to store (1e-320), and stores nothing of the batch', async (field) => {
    // Prepare: the fault on LOST-1 must not be stored when the batch is refused (found in review)
    const readings = [
      { vehicleId: 'LOST-1', ts: '2026-11-22T13:59:00Z', engineTemp: 120, oilPressure: 10 },
      { vehicleId: 'LOST-2', ts: '2026-11-22T13:59:00Z', [field]: 1e-320 },
    ];

    // Act
    const result = await handler(post({ readings }));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(jsonBody(result)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: `body.readings.1.${field}`, message: `${field} must be 0 or at least 1e-130 in magnitude` }],
    });
    expect(await storedCount(readings.slice(0, 1))).toBe(0);
  });

  it('stores 0 and values at the smallest storable magnitude', async () => {
    const readings = [{ vehicleId: 'TRK-1', ts: '2026-11-22T13:59:00Z', lat: 0, lng: 1e-130, acceleration: -1e-130 }];

    const result = await handler(post({ readings }));

    // Accepted, and the log's consumer can store them as DynamoDB numbers
    expect(result.statusCode).toBe(202);
    expect(await storedCount(readings)).toBe(1);
  });

  it('answers a resend as duplicates before and after the log is consumed, from any container', async () => {
    // Prepare
    const body = { readings: [{ vehicleId: 'VAN-12', ts: '2026-11-22T13:59:00Z', speed: 10 }] };
    await handler(post(body));
    const elsewhere = handlerWith(testRepositories(db.documentClient, db.tables, { clock }));

    // Act
    const sameContainer = await handler(post(body));
    await consumeLog();
    const otherContainer = await elsewhere(post(body));

    // Assess: one batch logged, however often it was sent
    expect(jsonBody(sameContainer)).toEqual({ accepted: 1, duplicates: 1 });
    expect(jsonBody(otherContainer)).toEqual({ accepted: 1, duplicates: 1 });
    expect(await loggedParts()).toHaveLength(1);
  });

  it.each([
    { name: 'a tenant id of 2,100 characters', caller: { ...partner, tenantId: 'a'.repeat(2100) } },
    { name: "a tenant id with the key separator '#'", caller: { ...partner, tenantId: 'acme#x' } },
    {
      name: 'a token issued a day in the future',
      caller: { ...partner, extraClaims: { iat: Math.floor(Date.now() / 1000) + 86_400 } },
    },
  ])('answers 401 for $name, never a 500', async ({ caller }) => {
    const result = await handler(post({ readings: [{ vehicleId: 'TRK-1', ts: '2026-11-22T13:59:00Z' }] }, caller));

    expect(result.statusCode).toBe(401);
    expect(jsonBody(result)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it.each([
    'ops,admin',
    'x admin',
    '[admin]',
  ])("grants nothing to a group named '%s' that merely contains a role name", async (group) => {
    const result = await handler(
      post({ readings: [{ vehicleId: 'TRK-1', ts: '2026-11-22T13:59:00Z' }] }, { tenantId: 'acme', roles: [group] }),
    );

    expect(result.statusCode).toBe(403);
  });

  it('answers 413 TOO_MANY_READINGS above 500 readings, before validating them', async () => {
    const readings = Array.from({ length: 501 }, () => ({ vehicleId: '!!', ts: 'not a time' }));

    const result = await handler(post({ readings }));

    expect(result.statusCode).toBe(413);
    expect(jsonBody(result)).toMatchObject({ code: 'TOO_MANY_READINGS' });
  });

  it('accepts exactly 500 readings', async () => {
    const readings = Array.from({ length: 500 }, (_, i) => ({
      vehicleId: `TRK-${i % 7}`,
      ts: new Date(Date.UTC(2026, 10, 22, 13, 0, 0, i)).toISOString(),
      speed: 50,
    }));

    const result = await handler(post({ readings }));

    expect(jsonBody(result)).toEqual({ accepted: 500, duplicates: 0 });
  });

  it.each([
    { name: 'malformed JSON', body: '{"readings": [', status: 400, code: 'MALFORMED_JSON' },
    { name: 'no body', body: undefined, status: 400, code: 'VALIDATION_FAILED' },
    { name: 'an empty batch', body: { readings: [] }, status: 400, code: 'VALIDATION_FAILED' },
    { name: 'readings not an array', body: { readings: 'x' }, status: 400, code: 'VALIDATION_FAILED' },
    { name: 'a body over 1 MiB', body: `{"pad":"${'x'.repeat(1_048_577)}"}`, status: 413, code: 'PAYLOAD_TOO_LARGE' },
  ])('answers $name with $status $code', async ({ body, status, code }) => {
    const result = await handler(post(body));

    expect(result.statusCode).toBe(status);
    expect(jsonBody(result)).toMatchObject({ code });
  });

  it('names every offending path with a clear message', async () => {
    const body = {
      readings: [
        { vehicleId: 'TRK-1', ts: '2026-11-22T13:59:00Z', engineTemp: 900 },
        { vehicleId: 'TRK-1', ts: '2026-11-22 13:59', oilPressure: 'low' },
        { ts: '2030-01-01T00:00:00Z' },
      ],
    };

    const result = await handler(post(body));

    expect(result.statusCode).toBe(400);
    const error = jsonBody<{ code: string; message: string; details: { path: string; message: string }[] }>(result);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('body.readings.0.engineTemp: engineTemp must be at most 200 °C (and 4 more)');
    expect(error.details.map((d) => d.path)).toEqual([
      'body.readings.0.engineTemp',
      'body.readings.1.ts',
      'body.readings.1.oilPressure',
      'body.readings.2.vehicleId',
      'body.readings.2.ts',
    ]);
    expect(error.details.find((d) => d.path === 'body.readings.2.ts')?.message).toBe('ts is in the future');
  });

  it('judges "in the future" by the clock at each request, not when the handler was built', async () => {
    // Prepare: the schema is built once per container, so its bounds must not freeze.
    const ownClock = new FixedClock();
    const ownHandler = handlerWith({ clock: ownClock });
    const ts = new Date(ownClock.now().getTime() + 10 * 60_000).toISOString();
    const body = { readings: [{ vehicleId: 'TRK-1', ts, engineTemp: 90 }] };

    // Act
    const early = await ownHandler(post(body));
    ownClock.advance(10 * 60_000);
    const later = await ownHandler(post(body));

    // Assess
    expect(early.statusCode).toBe(400);
    expect(later.statusCode).toBe(202);
  });

  it('answers 401 without claims and 403 for a role the route does not allow', async () => {
    const noClaims = await handler(post({ readings: [] }, null));
    const dispatcher = await handler(post({ readings: [] }, { tenantId: 'acme', userId: 'd', roles: ['dispatcher'] }));

    expect(noClaims.statusCode).toBe(401);
    expect(jsonBody(noClaims)).toEqual({ code: 'UNAUTHENTICATED', message: 'A valid bearer token is required' });
    expect(dispatcher.statusCode).toBe(403);
    expect(jsonBody(dispatcher)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers a generic 500 when storage fails, never the raw error', async () => {
    const broken = handlerWith({
      ingestLog: {
        append: async () => {
          throw new Error('secret internals: table arn:aws:dynamodb:...');
        },
      },
    });

    const result = await broken(post({ readings: [{ vehicleId: 'TRK-1', ts: '2026-11-22T13:59:00Z' }] }));

    expect(result.statusCode).toBe(500);
    expect(jsonBody(result)).toEqual({ code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' });
  });
  it('publishes the fresh readings at once and marks the batch, so the stream skips it', async () => {
    // Prepare
    const readings = [
      { vehicleId: 'TRK-101', ts: '2026-11-22T13:59:00.000Z', engineTemp: 120, oilPressure: 10 },
      { vehicleId: 'VAN-12', ts: '2026-11-22T13:59:01.000Z', speed: 80 },
    ];

    // Act
    const result = await handler(post({ readings }));

    // Assess
    expect(result.statusCode).toBe(202);
    expect(events.published).toHaveLength(1);
    const detail = events.published[0]?.detail as { tenantId: string; batchId: string; readings: unknown[] };
    expect(events.published[0]).toMatchObject({ source: 'fleetops.telemetry', detailType: 'telemetry.received' });
    expect(detail).toMatchObject({ tenantId: 'acme', readings });
    expect(await repos.telemetry.batchMarks([{ tenantId: 'acme', batchId: detail.batchId }])).toEqual([
      { tenantId: 'acme', batchId: detail.batchId, status: 'published' },
    ]);
    // The logged batch carries the time by which this request is over: the function's timeout from now.
    const [part] = await loggedParts();
    expect(part).toMatchObject({ batchId: detail.batchId, readings });
    expect(part?.publishBy).toBe(new Date(clock.now().getTime() + 15_000).toISOString());
    // Vehicle state is the stream consumer's to move (one writer per shard), not ingest's.
    expect(await repos.fleet.getVehicleState('acme', 'TRK-101')).toBeUndefined();
    // A resend stores nothing new and publishes nothing again.
    await handler(post({ readings }));
    expect(events.published).toHaveLength(1);
  });

  it('still answers 202 when the fast path cannot publish, and hands the batch over to the stream', async () => {
    // Prepare
    events.failures = 1;
    const readings = [{ vehicleId: 'TRK-1', ts: '2026-11-22T14:00:00.000Z', engineTemp: 120, oilPressure: 10 }];

    // Act
    const result = await handler(post({ readings }));

    // Assess
    expect(result.statusCode).toBe(202);
    expect(jsonBody(result)).toEqual({ accepted: 1, duplicates: 0 });
    expect(events.published).toHaveLength(0);
    expect(metrics.recorded).toContainEqual({ name: 'fastPathPublishFailures', value: 1 });
    const [part] = await loggedParts();
    expect(await repos.telemetry.batchMarks([{ tenantId: 'acme', batchId: String(part?.batchId) }])).toEqual([
      { tenantId: 'acme', batchId: part?.batchId, status: 'handedOver' },
    ]);
    expect(await storedCount(readings)).toBe(1);
  });
});
