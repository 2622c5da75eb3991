import type { FailurePredictor } from '../../../ml/ports/failure-predictor.js';
import type { EventPublisher } from '../../../platform/events/event-publisher.js';
import type { TelemetryReceived } from '../../fleet/domain/reading.js';
import type { FleetRepository } from '../../fleet/ports/fleet-repository.js';
import type { Alert } from '../domain/alert.js';
import { healthSnapshot, MAINTENANCE_PREDICTED, predictedMaintenanceAlerts } from '../domain/predicted-maintenance.js';
import { candidateAlerts } from '../domain/raise-alerts.js';
import type { AlertRule } from '../domain/rules.js';
import { ALERT_EVENTS } from '../events.js';
import type { AlertRepository } from '../ports/alert-repository.js';

/** The ports evaluation needs. */
export interface EvaluateReadingsPorts {
  readonly alerts: Pick<AlertRepository, 'raiseIfNotOpen'>;
  readonly fleet: Pick<FleetRepository, 'getVehicleStates'>;
  readonly failures: FailurePredictor;
  readonly events: EventPublisher;
  readonly clock: { now(): Date };
}

/** What one evaluation found and did. */
export interface EvaluationOutcome {
  readonly findings: number;
  readonly predictions: number;
  readonly raised: number;
  readonly published: number;
}

/**
 * New readings → alerts (C3, C4):
 * 1. evaluate every reading against the rule pack;
 * 2. score each reporting vehicle's merged state with the failure model (above 0.8 → a
 *    `MAINTENANCE_PREDICTED` alert);
 * 3. raise each finding unless that vehicle already has an open alert of that type (atomic);
 * 4. publish `alert.raised` for what was raised, and `maintenance.predicted` for predictions.
 * A failing model fails the evaluation, so the caller's event is retried and finally dead-lettered:
 * rule alerts already raised are recognised on the retry, predictions are never silently skipped.
 * Safe under redelivery: ids are deterministic, so a retry that meets its own earlier alert
 * publishes it again (the dispatcher de-duplicates sends) instead of losing it.
 */
export async function evaluateReadings(
  ports: EvaluateReadingsPorts,
  batch: TelemetryReceived,
  rules: readonly AlertRule[],
): Promise<EvaluationOutcome> {
  const raisedAt = ports.clock.now().toISOString();
  const ruleAlerts = candidateAlerts(batch.tenantId, batch.readings, rules, raisedAt);
  const predicted = await predictMaintenance(ports, batch, raisedAt);

  const toPublish: Alert[] = [];
  let raised = 0;
  // Sequential on purpose: two findings of one type for one vehicle in a batch raise one alert.
  for (const candidate of [...ruleAlerts, ...predicted]) {
    const result = await ports.alerts.raiseIfNotOpen(candidate);
    if (result.raised) {
      raised++;
      toPublish.push(result.alert);
    } else if (result.openAlertId === candidate.alertId) toPublish.push(candidate);
  }
  const events = toPublish.flatMap((alert) => [
    { source: ALERT_EVENTS.source, detailType: ALERT_EVENTS.alertRaised, detail: alert },
    ...(alert.type === MAINTENANCE_PREDICTED
      ? [{ source: ALERT_EVENTS.source, detailType: ALERT_EVENTS.maintenancePredicted, detail: alert }]
      : []),
  ]);
  if (events.length > 0) await ports.events.publish(events);
  return { findings: ruleAlerts.length, predictions: predicted.length, raised, published: toPublish.length };
}

/** Scores the state of every vehicle in the batch (moved forward before the batch was published). */
async function predictMaintenance(
  ports: EvaluateReadingsPorts,
  batch: TelemetryReceived,
  raisedAt: string,
): Promise<Alert[]> {
  // One batched read for the whole batch: a GetItem per vehicle saturated the client's sockets.
  const states = await ports.fleet.getVehicleStates(
    batch.tenantId,
    batch.readings.map((r) => r.vehicleId),
  );
  const snapshots = states.flatMap((state) => healthSnapshot(state) ?? []);
  if (snapshots.length === 0) return [];
  const predictions = await ports.failures.predict(snapshots);
  return predictedMaintenanceAlerts(batch.tenantId, predictions, states, raisedAt);
}
