import type { AnomalyDetector } from '../../../ml/ports/anomaly-detector.js';
import type { FailurePrediction, FailurePredictor } from '../../../ml/ports/failure-predictor.js';
import type { DomainEvent, EventPublisher } from '../../../platform/events/event-publisher.js';
import type { VehicleState } from '../../fleet/domain/fleet.js';
import type { Reading, TelemetryReceived } from '../../fleet/domain/reading.js';
import type { FleetRepository } from '../../fleet/ports/fleet-repository.js';
import { type Alert, SYSTEM_ACTOR } from '../domain/alert.js';
import { currentVehicleStates } from '../domain/current-vehicle-states.js';
import { drivingWindows, emptySpeedBuffer } from '../domain/driving-windows.js';
import type { MaintenanceFacts } from '../domain/maintenance.js';
import { isEmptyPacked } from '../domain/packed-state.js';
import { healthSnapshot, MAINTENANCE_PREDICTED, predictedMaintenanceAlerts } from '../domain/predicted-maintenance.js';
import { alertForFiring } from '../domain/raise.js';
import {
  type CompiledRules,
  emptyEvaluationState,
  evaluateReadings as evaluateBatch,
  type Firing,
  type VehicleContext,
  type VehicleEvaluationState,
} from '../domain/rule-engine.js';
import { AlertNotFound, InvalidTransition } from '../errors.js';
import { ALERT_EVENTS } from '../events.js';
import { type AlertRepository, heldLockKey, type LockRef } from '../ports/alert-repository.js';
import {
  EvaluationStateConflict,
  type EvaluationStateStore,
  type StoredEvaluationState,
} from '../ports/evaluation-state-store.js';
import { changeAlert } from './change-alert.js';

/** The ports evaluation needs. */
export interface EvaluateReadingsPorts {
  readonly alerts: Pick<
    AlertRepository,
    'raiseIfNotOpen' | 'heldLocks' | 'openAlerts' | 'getVersioned' | 'update' | 'eventPublished'
  >;
  readonly evaluations: EvaluationStateStore;
  /** The tenant's compiled rules, cached per container (RulesCache). */
  readonly rules: { rulesFor(tenantId: string): Promise<CompiledRules> };
  readonly fleet: Pick<FleetRepository, 'getVehicleStates'>;
  readonly failures: FailurePredictor;
  readonly anomalies: AnomalyDetector;
  readonly events: EventPublisher;
  readonly clock: { now(): Date };
}

/** What one evaluation found and did. */
export interface EvaluationOutcome {
  readonly findings: number;
  readonly predictions: number;
  readonly raised: number;
  /** Firings of rules whose alert for the vehicle was found still open: nothing to raise. */
  readonly stillOpen: number;
  readonly published: number;
  readonly correlated: number;
  readonly autoResolved: number;
}

/** Evaluations of one batch before a conflict on the vehicles' evaluation states is thrown. */
const MAX_EVALUATION_ATTEMPTS = 6;

/**
 * {@link evaluateOnce}, re-run when another evaluation saved the same vehicles' evaluation states
 * in between (EvaluationStateConflict). Consecutive batches of one fleet name the same vehicles and
 * are evaluated concurrently (EventBridge invokes in parallel), so such conflicts are routine under
 * load: re-running here, against the newer states, costs one evaluation; letting the bus retry the
 * whole event costs its back-off and, after the retries, a dead letter (found by the ingest bench:
 * every 500-reading batch of a 50-vehicle fleet conflicted). Re-running is as safe as the bus's
 * retry: nothing is saved before the conflict, and alert ids are deterministic.
 */
export async function evaluateReadings(
  ports: EvaluateReadingsPorts,
  batch: TelemetryReceived,
  options: { readonly sleep?: (ms: number) => Promise<void> } = {},
): Promise<EvaluationOutcome> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await evaluateOnce(ports, batch);
    } catch (error) {
      if (!(error instanceof EvaluationStateConflict) || attempt >= MAX_EVALUATION_ATTEMPTS) throw error;
      // Jittered, growing pauses, so two evaluations that collided do not collide again in step.
      await sleep(Math.random() * 10 * 2 ** attempt);
    }
  }
}

/**
 * New readings → alerts (C3, C4):
 * 1. the tenant's rules (cached), the vehicles' fleet states and evaluation states (two batched reads);
 * 2. the failure model on each vehicle's merged state, and the anomaly detector on driving
 *    windows built from the batch's speeds (only if a rule uses it);
 * 3. the engine over the readings, oldest first per vehicle;
 * 4. each firing raised unless its (vehicle, rule) has an alert open or is cooling down (atomic),
 *    and `alert.raised` published; a firing whose evaluation state says its alert is open, and whose
 *    lock (read for all such firings in one consistent batch) says so too, is dropped before that;
 * 5. a MAINTENANCE_PREDICTED that coincides with an open CRITICAL rule alert on the vehicle is
 *    attached to that alert (history `correlated`, `alert.noted`) instead of raised: one fault, one page;
 * 6. open alerts whose condition has been clear for `autoResolveAfterSeconds` are resolved by `system`;
 * 7. the evaluation states are saved, conditionally: a concurrent evaluation of the same vehicle
 *    makes this one throw and be retried from the newer state.
 * Any failure throws before the states are saved, so the retry re-evaluates the same readings
 * against the same states: ids are deterministic, so it recognises and republishes what it raised.
 */
async function evaluateOnce(ports: EvaluateReadingsPorts, batch: TelemetryReceived): Promise<EvaluationOutcome> {
  const { tenantId } = batch;
  const raisedAt = ports.clock.now().toISOString();
  const vehicleIds = [...new Set(batch.readings.map((r) => r.vehicleId))];
  const [compiled, storedStates, stored] = await Promise.all([
    ports.rules.rulesFor(tenantId),
    ports.fleet.getVehicleStates(tenantId, vehicleIds),
    ports.evaluations.load(tenantId, vehicleIds),
  ]);
  // The batch may be evaluated before the ingest log consumer has moved the stored states.
  const vehicleStates = currentVehicleStates(tenantId, storedStates, batch.readings);
  const revs = new Map(stored.map((s) => [s.state.vehicleId, s.rev]));
  const before = new Map(stored.map((s) => [s.state.vehicleId, JSON.stringify(s.state)]));
  const states = new Map<string, VehicleEvaluationState>(stored.map((s) => [s.state.vehicleId, s.state]));

  const predictions = await predict(ports, vehicleStates);
  const anomalies = compiled.usesAnomaly ? await detectAnomalies(ports, batch.readings, states) : new Map();
  const contexts = new Map<string, VehicleContext>();
  const probability = new Map(predictions.map((p) => [p.vehicleId, p.probability]));
  for (const state of vehicleStates) {
    const facts = state as VehicleState & MaintenanceFacts;
    contexts.set(state.vehicleId, {
      facts,
      ...(probability.has(state.vehicleId) ? { failureProbability: probability.get(state.vehicleId) as number } : {}),
      ...(anomalies.has(state.vehicleId) ? { anomalies: anomalies.get(state.vehicleId) } : {}),
    });
  }
  for (const [vehicleId, ends] of anomalies) if (!contexts.has(vehicleId)) contexts.set(vehicleId, { anomalies: ends });

  const { firings, clearances } = evaluateBatch(compiled, batch.readings, states, contexts);

  // 4. Raise, one transaction per firing (the engine keeps one firing per vehicle and rule), except
  // where the alert is still open: a condition that keeps holding fires on every reading.
  const held = await heldLocksOfOpenRules(ports, tenantId, firings, states);
  const toPublish: Alert[] = [];
  const criticalRaised = new Map<string, string>();
  let raised = 0;
  let stillOpen = 0;
  for (const firing of firings) {
    if (held.has(heldLockKey({ vehicleId: firing.vehicleId, lockKey: firing.rule.ruleId }))) {
      stillOpen++;
      continue;
    }
    const candidate = alertForFiring(tenantId, firing, raisedAt, contexts.get(firing.vehicleId));
    const result = await ports.alerts.raiseIfNotOpen(candidate, {
      ...(firing.rule.cooldownSeconds === undefined ? {} : { cooldownSeconds: firing.rule.cooldownSeconds }),
      firedAt: firing.reading.ts,
    });
    const openAlertId = result.raised ? result.alert.alertId : result.openAlertId;
    recordOpen(states, firing, openAlertId);
    if (result.raised) {
      raised++;
      toPublish.push(result.alert);
      if (candidate.severity === 'CRITICAL') criticalRaised.set(candidate.vehicleId, candidate.alertId);
    } else if (result.openAlertId === candidate.alertId) {
      toPublish.push(candidate);
    }
  }
  if (toPublish.length > 0) await ports.events.publish(toPublish.map(raisedEvent));

  // 5. Failure predictions: attached to a coinciding CRITICAL rule alert, else raised.
  const predicted = predictedMaintenanceAlerts(tenantId, predictions, vehicleStates, raisedAt);
  let correlated = 0;
  let predictedPublished = 0;
  const predictedEvents: DomainEvent[] = [];
  for (const alert of predicted) {
    const critical =
      criticalRaised.get(alert.vehicleId) ??
      (await ports.alerts.openAlerts(tenantId, alert.vehicleId)).find(
        (open) => open.severity === 'CRITICAL' && open.lockKey !== MAINTENANCE_PREDICTED,
      )?.alertId;
    if (critical) {
      try {
        await changeAlert(ports, tenantId, critical, {
          action: 'correlate',
          by: SYSTEM_ACTOR,
          at: raisedAt,
          note: `${MAINTENANCE_PREDICTED}: ${alert.message}`,
        });
        correlated++;
        continue;
      } catch (error) {
        // Resolved in the meantime: the prediction stands on its own.
        if (!(error instanceof InvalidTransition) && !(error instanceof AlertNotFound)) throw error;
      }
    }
    const result = await ports.alerts.raiseIfNotOpen(alert);
    if (result.raised || result.openAlertId === alert.alertId) {
      if (result.raised) raised++;
      predictedPublished++;
      predictedEvents.push(raisedEvent(alert), {
        source: ALERT_EVENTS.source,
        detailType: ALERT_EVENTS.maintenancePredicted,
        detail: alert,
      });
    }
  }
  if (predictedEvents.length > 0) await ports.events.publish(predictedEvents);

  // 6. Auto-resolve what has been clear long enough.
  let autoResolved = 0;
  for (const clearance of clearances) {
    try {
      await changeAlert(ports, tenantId, clearance.alertId, {
        action: 'resolve',
        auto: true,
        by: SYSTEM_ACTOR,
        at: raisedAt,
        note: `Condition clear since ${new Date(clearance.at).toISOString()}`,
      });
      autoResolved++;
    } catch (error) {
      // Resolved by a person already (or gone): nothing left to do.
      if (!(error instanceof InvalidTransition) && !(error instanceof AlertNotFound)) throw error;
    }
    const ruleState = states.get(clearance.vehicleId)?.rules[clearance.ruleId];
    if (ruleState) delete ruleState.open;
  }

  // 7. Save what moved.
  const changed: StoredEvaluationState[] = [];
  const ruleIds = new Set(compiled.rules.map((c) => c.rule.ruleId));
  for (const state of states.values()) {
    for (const [ruleId, ruleState] of Object.entries(state.rules)) {
      if (!ruleIds.has(ruleId) || Object.keys(ruleState).length === 0) delete state.rules[ruleId];
    }
    const rev = revs.get(state.vehicleId) ?? 0;
    const isEmpty = Object.keys(state.rules).length === 0 && !state.speed && isEmptyPacked(state.packed);
    if (rev === 0 && isEmpty) continue;
    if (JSON.stringify(state) !== before.get(state.vehicleId)) changed.push({ state, rev });
  }
  if (changed.length > 0) await ports.evaluations.save(tenantId, changed);

  return {
    findings: firings.length,
    predictions: predicted.length,
    raised,
    stillOpen,
    published: toPublish.length + predictedPublished,
    correlated,
    autoResolved,
  };
}

/**
 * Remembers in the vehicle's evaluation state which alert holds the rule's lock (`open`), or that
 * none does. Stateless rules (a plain threshold) get a rule state for it here: the engine keeps
 * none for them, and without `open` their next firings would each cost a raise transaction.
 */
function recordOpen(states: Map<string, VehicleEvaluationState>, firing: Firing, alertId: string | undefined): void {
  const rules = states.get(firing.vehicleId)?.rules;
  if (!rules) return;
  const ruleState = rules[firing.rule.ruleId];
  if (alertId !== undefined) {
    if (ruleState) ruleState.open = alertId;
    else rules[firing.rule.ruleId] = { open: alertId };
  } else if (ruleState) {
    delete ruleState.open;
  }
}

/**
 * The held locks of the firings whose rule state says an alert is open (`open`), by
 * {@link heldLockKey}, kept only where the lock's alert is the one the state names: one consistent
 * batched read instead of a failing raise transaction and a lock read per such firing. A firing
 * whose lock is released (a person resolved the alert; the cool-down may run), absent, or held by
 * another alert is not in the map: the raise decides, as for any firing, and corrects `open`.
 */
async function heldLocksOfOpenRules(
  ports: EvaluateReadingsPorts,
  tenantId: string,
  firings: readonly Firing[],
  states: ReadonlyMap<string, VehicleEvaluationState>,
): Promise<Map<string, string>> {
  const expected = new Map<string, string>();
  const refs: LockRef[] = [];
  for (const firing of firings) {
    const open = states.get(firing.vehicleId)?.rules[firing.rule.ruleId]?.open;
    if (open === undefined) continue;
    const ref = { vehicleId: firing.vehicleId, lockKey: firing.rule.ruleId };
    expected.set(heldLockKey(ref), open);
    refs.push(ref);
  }
  if (refs.length === 0) return new Map();
  const held = await ports.alerts.heldLocks(tenantId, refs);
  for (const [key, alertId] of held) if (expected.get(key) !== alertId) held.delete(key);
  return held;
}

function raisedEvent(alert: Alert): DomainEvent {
  return { source: ALERT_EVENTS.source, detailType: ALERT_EVENTS.alertRaised, detail: alert };
}

/** Scores the state of every vehicle in the batch, the batch's own readings included. */
async function predict(ports: EvaluateReadingsPorts, states: readonly VehicleState[]): Promise<FailurePrediction[]> {
  const snapshots = states.flatMap((state) => healthSnapshot(state) ?? []);
  return snapshots.length === 0 ? [] : ports.failures.predict(snapshots);
}

/** Driving windows from each vehicle's speeds (buffered in its evaluation state) → flagged window ends. */
async function detectAnomalies(
  ports: EvaluateReadingsPorts,
  readings: readonly Reading[],
  states: Map<string, VehicleEvaluationState>,
): Promise<Map<string, Set<number>>> {
  const samples = new Map<string, { ts: number; speed: number }[]>();
  for (const r of readings) {
    const ts = Date.parse(r.ts);
    if (r.speed === undefined || !Number.isFinite(ts)) continue;
    const list = samples.get(r.vehicleId) ?? [];
    list.push({ ts, speed: r.speed });
    samples.set(r.vehicleId, list);
  }
  const windows = [...samples].flatMap(([vehicleId, list]) => {
    let state = states.get(vehicleId);
    if (!state) {
      state = emptyEvaluationState(vehicleId);
      states.set(vehicleId, state);
    }
    const buffer = state.speed ?? emptySpeedBuffer();
    state.speed = buffer;
    return drivingWindows(vehicleId, buffer, list);
  });
  const flagged = new Map<string, Set<number>>();
  if (windows.length === 0) return flagged;
  for (const verdict of await ports.anomalies.detect(windows)) {
    if (!verdict.anomalous) continue;
    const set = flagged.get(verdict.vehicleId) ?? new Set<number>();
    set.add(verdict.to);
    flagged.set(verdict.vehicleId, set);
  }
  return flagged;
}
