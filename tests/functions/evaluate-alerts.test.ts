import { beforeEach, describe, expect, it } from 'vitest';
import {
  createDynamoDbRepositories,
  type DynamoDbRepositories,
} from '../../functions/adapters/dynamodb/repositories.js';
import { createEvaluateAlertsHandler } from '../../functions/alerts/evaluate-alerts.handler.js';
import type { Alert } from '../../functions/domain/alerts/alert.js';
import type { TelemetryReceived } from '../../functions/domain/telemetry/reading.js';
import { busEvent } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import { CapturingMetrics, FakeEventPublisher, FixedClock, silentLogger } from '../support/fakes.js';

const received = (readings: TelemetryReceived['readings'], tenantId = 'acme') =>
  busEvent<TelemetryReceived>('fleetops.telemetry', 'telemetry.received', { tenantId, batchId: 'b1', readings });

describe('evaluateAlerts', () => {
  let repos: DynamoDbRepositories;
  let events: FakeEventPublisher;
  let metrics: CapturingMetrics;
  let handler: ReturnType<typeof createEvaluateAlertsHandler>;
  const clock = new FixedClock();

  beforeEach(async () => {
    const db = await createTestDatabase();
    repos = createDynamoDbRepositories(db.documentClient, db.tables, { clock });
    events = new FakeEventPublisher();
    metrics = new CapturingMetrics();
    handler = createEvaluateAlertsHandler({ alerts: repos.alerts, events, clock, logger: silentLogger(), metrics });
  });

  it('raises CRITICAL ENGINE_FAILURE for the seed fault, stores it and publishes alert.raised', async () => {
    // Act
    await handler(
      received([{ vehicleId: 'TRK-101', ts: '2026-11-22T13:59:00.000Z', engineTemp: 120, oilPressure: 10 }]),
    );

    // Assess
    expect(events.published.map((e) => [e.source, e.detailType])).toEqual([['fleetops.alerts', 'alert.raised']]);
    const alert = events.published[0]?.detail as Alert;
    expect(alert).toMatchObject({
      tenantId: 'acme',
      vehicleId: 'TRK-101',
      type: 'ENGINE_FAILURE',
      severity: 'CRITICAL',
      status: 'open',
    });
    expect(await repos.alerts.get('acme', alert.alertId)).toEqual(alert);
    expect(metrics.total('alertsRaised')).toBe(1);
  });

  it('raises nothing for normal readings', async () => {
    await handler(
      received([{ vehicleId: 'TRK-101', ts: '2026-11-22T13:59:00.000Z', engineTemp: 90, oilPressure: 40 }]),
    );

    expect(events.published).toEqual([]);
    expect((await repos.alerts.list('acme', {}, 10)).items).toEqual([]);
  });

  it('does not raise a second alert while the fault persists, within a batch or across batches', async () => {
    const fault = (second: number) => ({
      vehicleId: 'TRK-101',
      ts: `2026-11-22T13:59:${String(second).padStart(2, '0')}.000Z`,
      engineTemp: 121,
      oilPressure: 9,
    });

    await handler(received([fault(1), fault(2)]));
    await handler(received([fault(3)]));

    expect(events.published).toHaveLength(1);
    expect((await repos.alerts.list('acme', {}, 10)).items).toHaveLength(1);
    expect(metrics.total('alertsRaised')).toBe(1);
  });

  it('republishes its own alert when a redelivered event finds it already raised (publish had failed)', async () => {
    // Prepare
    const event = received([
      { vehicleId: 'TRK-101', ts: '2026-11-22T13:59:00.000Z', engineTemp: 120, oilPressure: 10 },
    ]);
    events.failures = 1;

    // Act
    await expect(handler(event)).rejects.toThrow('bus unavailable');
    await handler(event);

    // Assess
    expect(events.published).toHaveLength(1);
    expect((await repos.alerts.list('acme', {}, 10)).items).toHaveLength(1);
  });

  it('rejects an event whose detail is not a telemetry batch, so it is retried and dead-lettered', async () => {
    const bad = busEvent('fleetops.telemetry', 'telemetry.received', { tenantId: 'acme' });

    await expect(handler(bad)).rejects.toThrow();
  });
});
