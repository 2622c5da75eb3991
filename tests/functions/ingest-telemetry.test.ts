import { beforeEach, describe, expect, it } from 'vitest';
import {
  createDynamoDbRepositories,
  type DynamoDbRepositories,
} from '../../functions/adapters/dynamodb/repositories.js';
import type { TelemetryReceived } from '../../functions/domain/telemetry/reading.js';
import { createIngestTelemetryHandler } from '../../functions/telemetry/ingest-telemetry.handler.js';
import { httpEvent, jsonBody } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { CapturingMetrics, FakeEventPublisher, FixedClock, silentLogger } from '../support/fakes.js';

const partner = { tenantId: 'acme', userId: 'p1', roles: ['partner'] };
const post = (body: unknown, caller: typeof partner | null = partner) =>
  httpEvent({ method: 'POST', path: '/v1/telemetry', body, ...(caller ? { caller } : {}) });

describe('POST /v1/telemetry', () => {
  let repos: DynamoDbRepositories;
  let events: FakeEventPublisher;
  let metrics: CapturingMetrics;
  let handler: ReturnType<typeof createIngestTelemetryHandler>;
  const clock = new FixedClock();

  beforeEach(async () => {
    const db = await createTestDatabase();
    repos = createDynamoDbRepositories(db.documentClient, db.tables, { clock });
    events = new FakeEventPublisher();
    metrics = new CapturingMetrics();
    handler = createIngestTelemetryHandler({ ...repos, events, clock, logger: silentLogger(), metrics });
  });

  it('accepts a batch, stores it, moves the vehicle state and publishes ONE event with the new readings', async () => {
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

    // Assess: the first two are the same instant, so they collapse.
    expect(result.statusCode).toBe(202);
    expect(jsonBody(result)).toEqual({ accepted: 3, duplicates: 1 });
    expect(events.published).toHaveLength(1);
    const [event] = events.published;
    expect(event?.source).toBe('fleetops.telemetry');
    expect(event?.detailType).toBe('telemetry.received');
    const detail = event?.detail as TelemetryReceived;
    expect(detail.tenantId).toBe('acme');
    expect(detail.readings).toEqual([
      { vehicleId: 'TRK-101', ts: '2026-11-22T13:59:00.000Z', engineTemp: 120, oilPressure: 10 },
      { vehicleId: 'VAN-12', ts: '2026-11-22T13:58:30.000Z', speed: 80 },
    ]);
    expect((await repos.fleet.getVehicleState('acme', 'TRK-101'))?.readings).toEqual({
      engineTemp: 120,
      oilPressure: 10,
    });
    expect(metrics.total('readingsAccepted')).toBe(2);
    expect(metrics.total('readingsDuplicate')).toBe(1);
  });

  it('answers a resent batch with duplicates and publishes nothing', async () => {
    const body = { readings: [{ vehicleId: 'TRK-101', ts: '2026-11-22T13:59:00Z', speed: 10 }] };
    await handler(post(body));

    const result = await handler(post(body));

    expect(jsonBody(result)).toEqual({ accepted: 1, duplicates: 1 });
    expect(events.published).toHaveLength(1);
  });

  it('answers 503 with Retry-After when publishing fails, and the retry re-processes the readings', async () => {
    // Prepare
    const body = { readings: [{ vehicleId: 'TRK-101', ts: '2026-11-22T13:59:00Z', engineTemp: 120, oilPressure: 10 }] };
    events.failures = 1;

    // Act
    const failed = await handler(post(body));
    const retried = await handler(post(body));

    // Assess
    expect(failed.statusCode).toBe(503);
    expect(failed.headers?.['Retry-After']).toBe('5');
    expect(jsonBody(failed)).toMatchObject({ code: 'TEMPORARILY_UNAVAILABLE' });
    expect(retried.statusCode).toBe(202);
    expect(jsonBody(retried)).toEqual({ accepted: 1, duplicates: 0 });
    expect(events.published).toHaveLength(1);
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

  it('answers 401 without claims and 403 for a role the route does not allow', async () => {
    const noClaims = await handler(post({ readings: [] }, null));
    const dispatcher = await handler(post({ readings: [] }, { tenantId: 'acme', userId: 'd', roles: ['dispatcher'] }));

    expect(noClaims.statusCode).toBe(401);
    expect(jsonBody(noClaims)).toEqual({ code: 'UNAUTHENTICATED', message: 'A valid bearer token is required' });
    expect(dispatcher.statusCode).toBe(403);
    expect(jsonBody(dispatcher)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers a generic 500 when storage fails, never the raw error', async () => {
    const broken = createIngestTelemetryHandler({
      ...repos,
      telemetry: {
        saveNew: async () => {
          throw new Error('secret internals: table arn:aws:dynamodb:...');
        },
        remove: async () => {},
      },
      events,
      clock,
      logger: silentLogger(),
      metrics,
    });

    const result = await broken(post({ readings: [{ vehicleId: 'TRK-1', ts: '2026-11-22T13:59:00Z' }] }));

    expect(result.statusCode).toBe(500);
    expect(jsonBody(result)).toEqual({ code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' });
  });
});
