import { beforeEach, describe, expect, it } from 'vitest';
import { OnnxFailurePredictor } from '../../functions/ml/onnx-failure-predictor.js';
import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import { createEvaluateAlertsHandler } from '../../functions/modules/alerts/handlers/evaluate-alerts.handler.js';
import type { TelemetryReceived } from '../../functions/modules/fleet/domain/reading.js';
import { busEvent } from '../support/api-gateway-events.js';
import { createTestDatabase } from '../support/dynamodb.js';
import {
  CapturingMetrics,
  FakeEventPublisher,
  FakeFailurePredictor,
  FixedClock,
  silentLogger,
  testTracer,
} from '../support/fakes.js';
import { type TestRepositories, testRepositories } from '../support/repositories.js';

const received = (readings: TelemetryReceived['readings'], tenantId = 'acme') =>
  busEvent<TelemetryReceived>('fleetops.telemetry', 'telemetry.received', { tenantId, batchId: 'b1', readings });

describe('evaluateAlerts', () => {
  let repos: TestRepositories;
  let events: FakeEventPublisher;
  let metrics: CapturingMetrics;
  let failures: FakeFailurePredictor;
  let handler: ReturnType<typeof createEvaluateAlertsHandler>;
  const clock = new FixedClock();

  beforeEach(async () => {
    const db = await createTestDatabase();
    repos = testRepositories(db.documentClient, db.tables, { clock });
    events = new FakeEventPublisher();
    metrics = new CapturingMetrics();
    failures = new FakeFailurePredictor();
    handler = createEvaluateAlertsHandler({
      alerts: repos.alerts,
      fleet: repos.fleet,
      failures,
      events,
      clock,
      logger: silentLogger(),
      metrics,
      tracer: testTracer(),
    });
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

  describe('failure prediction', () => {
    // Ingest merges readings into the vehicle state before it publishes; these tests do the same.
    const fullReading = {
      vehicleId: 'TRK-102',
      ts: '2026-11-22T13:58:00.000Z',
      engineTemp: 96,
      oilPressure: 38,
      batteryVoltage: 12.5,
      rpm: 1700,
    };

    it('raises a HIGH MAINTENANCE_PREDICTED alert above 0.8 and publishes maintenance.predicted beside alert.raised', async () => {
      // Prepare
      await repos.fleet.updateVehicleState('acme', [fullReading]);
      failures.probabilities.set('TRK-102', 0.9);

      // Act
      await handler(received([fullReading]));

      // Assess
      expect(events.published.map((e) => e.detailType)).toEqual(['alert.raised', 'maintenance.predicted']);
      const alert = events.published[0]?.detail as Alert;
      expect(alert).toMatchObject({ vehicleId: 'TRK-102', type: 'MAINTENANCE_PREDICTED', severity: 'HIGH' });
      expect(alert.message).toContain('90% chance of failure');
      expect(alert.reading).toMatchObject({ engineTemp: 96, oilPressure: 38, batteryVoltage: 12.5, rpm: 1700 });
      expect(failures.asked).toEqual([
        { vehicleId: 'TRK-102', engineTemp: 96, oilPressure: 38, batteryVoltage: 12.5, rpm: 1700 },
      ]);
    });

    it('raises nothing at or below the threshold, and one alert while the prediction persists', async () => {
      await repos.fleet.updateVehicleState('acme', [fullReading]);
      failures.probabilities.set('TRK-102', 0.8);
      await handler(received([fullReading]));
      expect(events.published).toEqual([]);

      failures.probabilities.set('TRK-102', 0.97);
      const later = { ...fullReading, ts: '2026-11-22T13:58:30.000Z' };
      await repos.fleet.updateVehicleState('acme', [later]);
      await handler(received([later]));
      const next = { ...fullReading, ts: '2026-11-22T13:59:30.000Z' };
      await repos.fleet.updateVehicleState('acme', [next]);
      await handler(received([next]));

      const raised = (await repos.alerts.list('acme', {}, 10)).items;
      expect(raised.map((a) => [a.type, a.severity])).toEqual([['MAINTENANCE_PREDICTED', 'CRITICAL']]);
    });

    it('does not ask the model about a vehicle whose state lacks one of its inputs', async () => {
      const partial = { vehicleId: 'TRK-103', ts: '2026-11-22T13:58:00.000Z', engineTemp: 96, oilPressure: 38 };
      await repos.fleet.updateVehicleState('acme', [partial]);

      await handler(received([partial]));

      expect(failures.asked).toEqual([]);
    });

    it('fails the evaluation when the model fails, and the retry raises each alert once', async () => {
      // Prepare: a rule fault and a prediction in one batch; the model fails on the first delivery.
      const fault = { ...fullReading, engineTemp: 120, oilPressure: 10 };
      await repos.fleet.updateVehicleState('acme', [fault]);
      failures.probabilities.set('TRK-102', 0.99);
      failures.failures = 1;
      const event = received([fault]);

      // Act
      await expect(handler(event)).rejects.toThrow('model unavailable');
      await handler(event);

      // Assess
      const types = (await repos.alerts.list('acme', {}, 10)).items.map((a) => a.type).sort();
      expect(types).toEqual(['ENGINE_FAILURE', 'MAINTENANCE_PREDICTED']);
    });

    it('with the committed ONNX model: the seed fault predicts a failure, normal running does not', async () => {
      // Prepare: the real adapter over ml/models, as the local stack and the Lambda layer use it.
      const real = createEvaluateAlertsHandler({
        alerts: repos.alerts,
        fleet: repos.fleet,
        failures: new OnnxFailurePredictor(),
        events,
        clock,
        logger: silentLogger(),
        metrics,
        tracer: testTracer(),
      });
      const seed = { ...fullReading, vehicleId: 'TRK-201', engineTemp: 120, oilPressure: 10 };
      const normal = { ...fullReading, vehicleId: 'TRK-202', engineTemp: 90, oilPressure: 40 };
      await repos.fleet.updateVehicleState('acme', [seed, normal]);

      // Act
      await real(received([seed, normal]));

      // Assess
      const alerts = (await repos.alerts.list('acme', {}, 10)).items.map((a) => [a.vehicleId, a.type, a.severity]);
      expect(alerts.sort()).toEqual([
        ['TRK-201', 'ENGINE_FAILURE', 'CRITICAL'],
        ['TRK-201', 'MAINTENANCE_PREDICTED', 'CRITICAL'],
      ]);
    });
  });
});
