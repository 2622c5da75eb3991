import { beforeEach, describe, expect, it } from 'vitest';
import { OnnxFailurePredictor } from '../../functions/ml/onnx-failure-predictor.js';
import type { AnomalyDetector, DrivingAnomaly, DrivingWindow } from '../../functions/ml/ports/anomaly-detector.js';
import { dynamoDbEvaluationStateStore } from '../../functions/modules/alerts/adapters/dynamodb-evaluation-state-store.js';
import { dynamoDbRuleStore } from '../../functions/modules/alerts/adapters/dynamodb-rule-store.js';
import type { Alert } from '../../functions/modules/alerts/domain/alert.js';
import type { Rule } from '../../functions/modules/alerts/domain/rule.js';
import {
  createEvaluateAlertsHandler,
  type EvaluateAlertsDeps,
} from '../../functions/modules/alerts/handlers/evaluate-alerts.handler.js';
import type { RuleStore } from '../../functions/modules/alerts/ports/rule-store.js';
import { changeAlert } from '../../functions/modules/alerts/use-cases/change-alert.js';
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

const received = (readings: TelemetryReceived['readings'], tenantId = 'acme', batchId = 'b1') =>
  busEvent<TelemetryReceived>('fleetops.telemetry', 'telemetry.received', { tenantId, batchId, readings });
const T0 = Date.parse('2026-11-22T14:00:00.000Z');
const iso = (second: number) => new Date(T0 + second * 1000).toISOString();

/** Flags a window whose speed drops by more than 30 km/h within it (harsh braking); records what it saw. */
class FakeAnomalyDetector implements AnomalyDetector {
  readonly windows: DrivingWindow[] = [];
  async detect(windows: readonly DrivingWindow[]): Promise<DrivingAnomaly[]> {
    this.windows.push(...windows);
    return windows.map((w) => {
      const speeds = w.samples.map((s) => s.speed);
      const anomalous = Math.max(...speeds) - (speeds.at(-1) ?? 0) > 30;
      return {
        vehicleId: w.vehicleId,
        score: anomalous ? 0.9 : 0.3,
        anomalous,
        threshold: 0.6,
        from: w.samples[0]?.ts ?? 0,
        to: w.samples.at(-1)?.ts ?? 0,
      };
    });
  }
}

/** Counts the rule store's reads, to show evaluation does not read rules per reading. */
function counting(store: RuleStore) {
  const calls = { list: 0, version: 0 };
  const wrapped: RuleStore = {
    ...store,
    list: (t) => {
      calls.list++;
      return store.list(t);
    },
    version: (t) => {
      calls.version++;
      return store.version(t);
    },
    get: (t, id) => store.get(t, id),
    create: (t, r) => store.create(t, r),
    replace: (t, r, expected) => store.replace(t, r, expected),
    delete: (t, id, expected) => store.delete(t, id, expected),
  };
  return { wrapped, calls };
}

const tenantRule = (rule: Partial<Rule> & Pick<Rule, 'ruleId' | 'condition'>): Rule => ({
  name: rule.ruleId,
  type: rule.ruleId.toUpperCase().replaceAll('-', '_'),
  severity: 'HIGH',
  enabled: true,
  ...rule,
});

describe('evaluateAlerts', () => {
  let repos: TestRepositories;
  let rules: RuleStore;
  let ruleCalls: { list: number; version: number };
  let events: FakeEventPublisher;
  let metrics: CapturingMetrics;
  let failures: FakeFailurePredictor;
  let anomalies: FakeAnomalyDetector;
  let deps: EvaluateAlertsDeps;
  let handler: ReturnType<typeof createEvaluateAlertsHandler>;
  let clock: FixedClock;

  beforeEach(async () => {
    const db = await createTestDatabase();
    clock = new FixedClock();
    repos = testRepositories(db.documentClient, db.tables, { clock });
    const parts = { client: db.documentClient, tableName: db.tables.alerts as string, clock };
    rules = dynamoDbRuleStore.create(parts);
    const counted = counting(rules);
    ruleCalls = counted.calls;
    events = new FakeEventPublisher();
    metrics = new CapturingMetrics();
    failures = new FakeFailurePredictor();
    anomalies = new FakeAnomalyDetector();
    deps = {
      alerts: repos.alerts,
      evaluations: dynamoDbEvaluationStateStore.create({ ...parts, tableName: db.tables.evaluations as string }),
      ruleStore: counted.wrapped,
      fleet: repos.fleet,
      failures,
      anomalies,
      events,
      clock,
      logger: silentLogger(),
      metrics,
      tracer: testTracer(),
    };
    handler = createEvaluateAlertsHandler(deps);
  });

  const raisedAlerts = () =>
    events.published.filter((e) => e.detailType === 'alert.raised').map((e) => e.detail as Alert);

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
      ruleId: 'engine-failure',
      severity: 'CRITICAL',
      status: 'open',
      history: [{ by: 'system', action: 'raised' }],
    });
    expect(await repos.alerts.get('acme', alert.alertId)).toEqual(alert);
    expect(metrics.total('alertsRaised')).toBe(1);
  });

  it('evaluates two concurrent batches of the same vehicle without failing either (state conflict re-run)', async () => {
    // Prepare: both evaluations load the vehicle's evaluation state before either saves it, as two
    // consecutive batches of one fleet do when the bus invokes them in parallel.
    let loads = 0;
    let release: () => void = () => undefined;
    const bothLoaded = new Promise<void>((resolve) => {
      release = resolve;
    });
    const racing = createEvaluateAlertsHandler({
      ...deps,
      evaluations: {
        ...deps.evaluations,
        load: async (tenantId, vehicleIds) => {
          const loaded = await deps.evaluations.load(tenantId, vehicleIds);
          if (++loads === 2) release();
          if (loads <= 2) await bothLoaded;
          return loaded;
        },
        save: (tenantId, states) => deps.evaluations.save(tenantId, states),
      },
    });
    const speeds = (from: number) =>
      Array.from({ length: 6 }, (_, i) => ({ vehicleId: 'TRK-101', ts: iso(from + i * 5), speed: 60 + i }));

    // Act
    const results = await Promise.allSettled([
      racing(received(speeds(0), 'acme', 'b1')),
      racing(received(speeds(30), 'acme', 'b2')),
    ]);

    // Assess: one evaluation saved first; the other met the conflict and ran again on the newer state.
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(loads).toBeGreaterThanOrEqual(3);
  });

  it('raises nothing for normal readings', async () => {
    await handler(
      received([{ vehicleId: 'TRK-101', ts: '2026-11-22T13:59:00.000Z', engineTemp: 90, oilPressure: 40 }]),
    );

    expect(events.published).toEqual([]);
    expect((await repos.alerts.list('acme', {}, 10)).items).toEqual([]);
  });

  it('does not raise a second alert while the fault persists, within a batch or across batches', async () => {
    const fault = (second: number) => ({ vehicleId: 'TRK-101', ts: iso(second), engineTemp: 121, oilPressure: 9 });

    await handler(received([fault(1), fault(2)]));
    await handler(received([fault(3)]));

    expect(events.published).toHaveLength(1);
    expect((await repos.alerts.list('acme', {}, 10)).items).toHaveLength(1);
    expect(metrics.total('alertsRaised')).toBe(1);
  });

  it('drops the firings of a persisting fault with one lock read per batch, no raise transaction per firing', async () => {
    // Prepare: the repository's raise and lock reads, counted.
    const calls = { raiseIfNotOpen: 0, heldLocks: 0 };
    const alerts = new Proxy(deps.alerts, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (name === 'raiseIfNotOpen' || name === 'heldLocks') calls[name]++;
          return value.apply(target, args);
        };
      },
    });
    const watched = createEvaluateAlertsHandler({ ...deps, alerts });
    const fault = (second: number) => ({ vehicleId: 'TRK-101', ts: iso(second), engineTemp: 121, oilPressure: 9 });
    await watched(received([fault(1)]));
    const raisesOfTheFirst = calls.raiseIfNotOpen;

    // Act: the same fault in three more batches, as a vehicle that keeps reporting it sends them.
    for (const second of [6, 11, 16]) await watched(received([fault(second)], 'acme', `b${second}`));

    // Assess
    expect(raisesOfTheFirst).toBeGreaterThan(0);
    expect(calls).toEqual({ raiseIfNotOpen: raisesOfTheFirst, heldLocks: 3 });
    expect(raisedAlerts()).toHaveLength(1);
    expect(metrics.total('firingsStillOpen')).toBe(3 * raisesOfTheFirst);
  });

  it('raises the persisting fault again once a person has resolved its alert: the lock decides, not the state', async () => {
    // Prepare: the evaluation state still names the alert as open after the resolve.
    const fault = (second: number) => ({ vehicleId: 'TRK-101', ts: iso(second), engineTemp: 121, oilPressure: 9 });
    await handler(received([fault(1)]));
    const [first] = raisedAlerts();
    await changeAlert(deps, 'acme', first?.alertId as string, { action: 'resolve', by: 'd1', at: iso(3) });

    // Act
    await handler(received([fault(6)], 'acme', 'b2'));
    await handler(received([fault(11)], 'acme', 'b3'));

    // Assess: raised again on the first firing after the resolve, and then held again.
    expect(raisedAlerts().map((a) => [a.ruleId, a.readings?.[0]?.ts])).toEqual([
      ['engine-failure', iso(1)],
      ['engine-failure', iso(6)],
    ]);
  });

  it('republishes its own alert when a redelivered event finds it already raised (publish had failed)', async () => {
    const event = received([
      { vehicleId: 'TRK-101', ts: '2026-11-22T13:59:00.000Z', engineTemp: 120, oilPressure: 10 },
    ]);
    events.failures = 1;

    await expect(handler(event)).rejects.toThrow('bus unavailable');
    await handler(event);

    expect(events.published).toHaveLength(1);
    expect((await repos.alerts.list('acme', {}, 10)).items).toHaveLength(1);
  });

  it('rejects an event whose detail is not a telemetry batch, so it is retried and dead-lettered', async () => {
    await expect(handler(busEvent('fleetops.telemetry', 'telemetry.received', { tenantId: 'acme' }))).rejects.toThrow();
  });

  describe('tenant rules', () => {
    const depotExit = tenantRule({
      ruleId: 'depot-exit',
      type: 'GEOFENCE_EXIT',
      condition: { geofence: { circle: { lat: 52.52, lng: 13.405, radiusM: 500 } }, on: 'exit' },
    });
    const inDepot = { lat: 52.5201, lng: 13.4051 };
    const outside = { lat: 52.53, lng: 13.405 };

    it('a geofence rule of acme raises GEOFENCE_EXIT for acme only; the crossing is kept across batches', async () => {
      // Prepare
      await rules.replace('acme', depotExit, 0);
      const drive = (tenantId: string) => [
        received([{ vehicleId: 'TRK-101', ts: iso(0), ...inDepot }], tenantId, 'b1'),
        received([{ vehicleId: 'TRK-101', ts: iso(5), ...outside }], tenantId, 'b2'),
      ];

      // Act
      for (const event of [...drive('acme'), ...drive('globex')]) await handler(event);

      // Assess
      expect(raisedAlerts().map((a) => [a.tenantId, a.type, a.ruleId, a.readings?.[0]?.ts])).toEqual([
        ['acme', 'GEOFENCE_EXIT', 'depot-exit', iso(5)],
      ]);
    });

    it('reads the rules once per container and sees a change within 5 s, not per reading', async () => {
      // Prepare
      const fast = (second: number) => ({ vehicleId: 'VAN-12', ts: iso(second), speed: 110 });
      await handler(received([fast(0)]));
      await handler(received([fast(1)]));
      expect(ruleCalls).toEqual({ list: 1, version: 0 });
      expect(raisedAlerts()).toEqual([]);

      // Act: lower the speeding threshold for acme.
      await rules.replace(
        'acme',
        tenantRule({ ruleId: 'speeding', type: 'SPEEDING', condition: { metric: 'speed', op: '>', value: 100 } }),
        0,
      );
      clock.advance(1000);
      await handler(received([fast(2)]));
      const beforeRefresh = raisedAlerts().length;
      clock.advance(5000);
      await handler(received([fast(3)]));

      // Assess
      expect(beforeRefresh).toBe(0);
      expect(raisedAlerts().map((a) => a.type)).toEqual(['SPEEDING']);
      expect(ruleCalls).toEqual({ list: 2, version: 1 });
    });

    it('forSeconds holds across batches, in event time (state kept in the alerts table)', async () => {
      await rules.replace(
        'acme',
        tenantRule({ ruleId: 'hot-idle', condition: { metric: 'engineTemp', op: '>=', value: 100 }, forSeconds: 20 }),
        0,
      );
      const hot = (second: number) => ({ vehicleId: 'TRK-7', ts: iso(second), engineTemp: 101 });

      await handler(received([hot(0)]));
      await handler(received([hot(10)]));
      expect(raisedAlerts()).toEqual([]);
      // A fresh container (new cache) continues from the stored state.
      await createEvaluateAlertsHandler(deps)(received([hot(20)]));

      expect(raisedAlerts().map((a) => [a.ruleId, a.readings?.[0]?.ts])).toEqual([['hot-idle', iso(20)]]);
    });

    it('cool-down: after a resolve the rule does not raise again for that vehicle until it has passed', async () => {
      // Prepare
      await rules.replace(
        'acme',
        tenantRule({ ruleId: 'overspeed', condition: { metric: 'speed', op: '>', value: 90 }, cooldownSeconds: 300 }),
        0,
      );
      const fast = (second: number) => ({ vehicleId: 'TRK-8', ts: iso(second), speed: 95 });
      await handler(received([fast(0)]));
      const [first] = raisedAlerts();
      await changeAlert(deps, 'acme', first?.alertId as string, { action: 'resolve', by: 'd1', at: iso(10) });

      // Act
      await handler(received([fast(60)]));
      const during = raisedAlerts().length;
      await handler(received([fast(311)]));

      // Assess
      expect(during).toBe(1);
      expect(raisedAlerts().map((a) => a.readings?.[0]?.ts)).toEqual([iso(0), iso(311)]);
    });

    it('auto-resolves an alert whose condition has been clear for autoResolveAfterSeconds, as system', async () => {
      // Prepare
      await rules.replace(
        'acme',
        tenantRule({
          ruleId: 'low-volt',
          condition: { metric: 'batteryVoltage', op: '<', value: 11.5 },
          autoResolveAfterSeconds: 60,
        }),
        0,
      );
      const volts = (second: number, v: number) => ({ vehicleId: 'VAN-3', ts: iso(second), batteryVoltage: v });
      await handler(received([volts(0, 11)]));
      // The default LOW_BATTERY rule fires too; it has no auto-resolve.
      const alert = raisedAlerts().find((a) => a.ruleId === 'low-volt');

      // Act
      await handler(received([volts(10, 12.6), volts(40, 12.6)]));
      const stillOpen = await repos.alerts.get('acme', alert?.alertId as string);
      await handler(received([volts(70, 12.7)]));

      // Assess
      expect(stillOpen?.status).toBe('open');
      const resolved = await repos.alerts.get('acme', alert?.alertId as string);
      expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: 'system' });
      expect(resolved?.history.at(-1)).toMatchObject({ by: 'system', action: 'auto-resolved' });
      const event = events.published.find((e) => e.detailType === 'alert.resolved');
      expect(event?.detail).toEqual(resolved);
      expect(metrics.total('alertsAutoResolved')).toBe(1);
    });

    it('driving_anomaly: windows are built from the speeds a vehicle sends every 2 s; a harsh stop raises DRIVING_ANOMALY', async () => {
      const speeds = [60, 61, 60, 62, 61, 60, 5, 0];
      const readings = speeds.map((speed, i) => ({ vehicleId: 'TRK-9', ts: iso(i * 2), speed }));

      await handler(received(readings.slice(0, 4)));
      await handler(received(readings.slice(4)));

      expect(anomalies.windows.length).toBeGreaterThan(0);
      expect(anomalies.windows.every((w) => w.samples.length === 12)).toBe(true);
      expect(raisedAlerts().map((a) => [a.type, a.severity, a.ruleId])).toEqual([
        ['DRIVING_ANOMALY', 'LOW', 'harsh-driving'],
      ]);
    });

    it('maintenance: a vehicle 90 % through its service interval raises MAINTENANCE_DUE (due soon)', async () => {
      // The fleet module keeps odometer and lastService in vehicle state; here they are added to what it answers.
      const fleet = {
        getVehicleStates: async (tenantId: string, ids: readonly string[]) =>
          (await repos.fleet.getVehicleStates(tenantId, ids)).map((s) => ({
            ...s,
            odometer: 13_600,
            lastService: { ts: '2026-06-01T00:00:00.000Z', odometer: 0 },
          })),
      };
      await repos.fleet.updateVehicleState('acme', [{ vehicleId: 'TRK-5', ts: iso(0), speed: 40 }]);

      await createEvaluateAlertsHandler({ ...deps, fleet: fleet as unknown as typeof deps.fleet })(
        received([{ vehicleId: 'TRK-5', ts: iso(0), speed: 40 }]),
      );

      expect(raisedAlerts().map((a) => [a.type, a.message])).toEqual([
        ['MAINTENANCE_DUE', 'Service due on TRK-5: service due soon, 13600 of 15000 km since the last service.'],
      ]);
    });
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
      await repos.fleet.updateVehicleState('acme', [fullReading]);
      failures.probabilities.set('TRK-102', 0.9);

      await handler(received([fullReading]));

      expect(events.published.map((e) => e.detailType)).toEqual(['alert.raised', 'maintenance.predicted']);
      const alert = events.published[0]?.detail as Alert;
      expect(alert).toMatchObject({ vehicleId: 'TRK-102', type: 'MAINTENANCE_PREDICTED', severity: 'HIGH' });
      expect(alert.message).toContain('90% chance of failure');
      expect(alert.readings?.[0]).toMatchObject({ engineTemp: 96, oilPressure: 38, batteryVoltage: 12.5, rpm: 1700 });
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
      for (const ts of ['2026-11-22T13:58:30.000Z', '2026-11-22T13:59:30.000Z']) {
        const later = { ...fullReading, ts };
        await repos.fleet.updateVehicleState('acme', [later]);
        await handler(received([later]));
      }

      const raised = (await repos.alerts.list('acme', {}, 10)).items;
      expect(raised.map((a) => [a.type, a.severity])).toEqual([['MAINTENANCE_PREDICTED', 'CRITICAL']]);
    });

    it('does not ask the model about a vehicle whose state lacks one of its inputs', async () => {
      const partial = { vehicleId: 'TRK-103', ts: '2026-11-22T13:58:00.000Z', engineTemp: 96, oilPressure: 38 };
      await repos.fleet.updateVehicleState('acme', [partial]);

      await handler(received([partial]));

      expect(failures.asked).toEqual([]);
    });

    it('attaches a prediction to the CRITICAL rule alert it coincides with: one fault, one alert, one page', async () => {
      // Prepare
      const fault = { ...fullReading, engineTemp: 120, oilPressure: 10 };
      await repos.fleet.updateVehicleState('acme', [fault]);
      failures.probabilities.set('TRK-102', 0.99);

      // Act: the same fault, then the prediction persisting in a later batch.
      await handler(received([fault]));
      const later = { ...fault, ts: '2026-11-22T13:58:05.000Z' };
      await repos.fleet.updateVehicleState('acme', [later]);
      await handler(received([later]));

      // Assess
      const stored = (await repos.alerts.list('acme', {}, 10)).items;
      expect(stored.map((a) => [a.type, a.severity])).toEqual([['ENGINE_FAILURE', 'CRITICAL']]);
      expect(stored[0]?.history.map((h) => [h.action, h.by])).toEqual([
        ['raised', 'system'],
        ['correlated', 'system'],
      ]);
      expect(stored[0]?.history[1]?.note).toMatch(/^MAINTENANCE_PREDICTED: TRK-102: 99% chance of failure/);
      expect(events.published.map((e) => e.detailType)).toEqual(['alert.raised', 'alert.noted']);
      // Both batches' predictions were absorbed; the second changed nothing (one attachment per alert).
      expect(metrics.total('alertsCorrelated')).toBe(2);
    });

    it('fails the evaluation when the model fails, and the retry raises the one alert', async () => {
      const fault = { ...fullReading, engineTemp: 120, oilPressure: 10 };
      await repos.fleet.updateVehicleState('acme', [fault]);
      failures.probabilities.set('TRK-102', 0.99);
      failures.failures = 1;
      const event = received([fault]);

      await expect(handler(event)).rejects.toThrow('model unavailable');
      await handler(event);

      const types = (await repos.alerts.list('acme', {}, 10)).items.map((a) => a.type);
      expect(types).toEqual(['ENGINE_FAILURE']);
    });

    it('with the committed ONNX model: the seed fault raises exactly one page, normal running nothing', async () => {
      // Prepare: the real adapter over ml/models, as the local stack and the Lambda layer use it.
      const real = createEvaluateAlertsHandler({ ...deps, failures: new OnnxFailurePredictor() });
      const seed = { ...fullReading, vehicleId: 'TRK-201', engineTemp: 120, oilPressure: 10 };
      const normal = { ...fullReading, vehicleId: 'TRK-202', engineTemp: 90, oilPressure: 40 };
      await repos.fleet.updateVehicleState('acme', [seed, normal]);

      // Act
      await real(received([seed, normal]));

      // Assess: the model predicts the failure too, and it is attached to the ENGINE_FAILURE alert.
      const alerts = (await repos.alerts.list('acme', {}, 10)).items;
      expect(alerts.map((a) => [a.vehicleId, a.type, a.severity])).toEqual([['TRK-201', 'ENGINE_FAILURE', 'CRITICAL']]);
      expect(alerts[0]?.history.map((h) => h.action)).toEqual(['raised', 'correlated']);
      expect(raisedAlerts().filter((a) => a.severity === 'CRITICAL')).toHaveLength(1);
    });
  });
});
