import type { Alert } from '../domain/alerts/alert.js';
import { DEFAULT_RULE_PACK } from '../domain/alerts/default-rule-pack.js';
import {
  healthSnapshot,
  MAINTENANCE_PREDICTED,
  predictedMaintenanceAlerts,
} from '../domain/alerts/predicted-maintenance.js';
import { candidateAlerts } from '../domain/alerts/raise-alerts.js';
import type { AlertRule } from '../domain/alerts/rules.js';
import type { VehicleState } from '../domain/fleet/fleet.js';
import type { TelemetryReceived } from '../domain/telemetry/reading.js';
import type { PlatformDeps } from '../platform/deps.js';
import { type BusLambdaHandler, eventHandler } from '../shared/event-handler.js';
import { telemetryReceivedSchema } from '../shared/event-schemas.js';
import { count } from '../shared/observability.js';
import { DETAIL_TYPES, EVENT_SOURCES } from '../wiring/events.js';
import { declarationOf } from '../wiring/functions.js';

export type EvaluateAlertsDeps = Pick<
  PlatformDeps,
  'alerts' | 'fleet' | 'failures' | 'events' | 'clock' | 'logger' | 'metrics'
>;

/** Options beyond the platform deps; tests and later tenant overrides pass their own pack. */
export interface EvaluateAlertsOptions {
  /** @default DEFAULT_RULE_PACK */
  readonly rules?: readonly AlertRule[];
}

/**
 * `telemetry.received` → alerts (PRODUCT.md C3, C4):
 * 1. evaluate every new reading against the rule pack;
 * 2. score each reporting vehicle's merged state with the failure model (above 0.8 → a
 *    `MAINTENANCE_PREDICTED` alert);
 * 3. raise each finding unless that vehicle already has an open alert of that type (atomic);
 * 4. publish `alert.raised` for what was raised, and `maintenance.predicted` for predictions.
 * A failing model fails the evaluation, so EventBridge retries it and finally parks it in the DLQ:
 * rule alerts already raised are recognised on the retry, predictions are never silently skipped.
 * Safe under redelivery: ids are deterministic, so a retry that meets its own earlier alert
 * publishes it again (the dispatcher de-duplicates sends) instead of losing it.
 */
export function createEvaluateAlertsHandler(
  deps: EvaluateAlertsDeps,
  options: EvaluateAlertsOptions = {},
): BusLambdaHandler {
  const rules = options.rules ?? DEFAULT_RULE_PACK;
  return eventHandler(
    { declaration: declarationOf('evaluateAlerts'), deps, detail: telemetryReceivedSchema },
    async (detail) => {
      deps.logger.appendKeys({ tenantId: detail.tenantId, batchId: detail.batchId });
      const raisedAt = deps.clock.now().toISOString();
      const ruleAlerts = candidateAlerts(detail.tenantId, detail.readings, rules, raisedAt);
      const predicted = await predictMaintenance(deps, detail, raisedAt);
      const candidates = [...ruleAlerts, ...predicted];

      const toPublish: Alert[] = [];
      let raised = 0;
      // Sequential on purpose: two findings of one type for one vehicle in a batch raise one alert.
      for (const candidate of candidates) {
        const result = await deps.alerts.raiseIfNotOpen(candidate);
        if (result.raised) {
          raised++;
          toPublish.push(result.alert);
        } else if (result.openAlertId === candidate.alertId) toPublish.push(candidate);
      }
      const events = toPublish.flatMap((alert) => [
        { source: EVENT_SOURCES.alerts, detailType: DETAIL_TYPES.alertRaised, detail: alert },
        ...(alert.type === MAINTENANCE_PREDICTED
          ? [{ source: EVENT_SOURCES.alerts, detailType: DETAIL_TYPES.maintenancePredicted, detail: alert }]
          : []),
      ]);
      if (events.length > 0) await deps.events.publish(events);
      count(deps.metrics, 'alertsRaised', raised);
      deps.logger.info('Readings evaluated', {
        readings: detail.readings.length,
        findings: ruleAlerts.length,
        predictions: predicted.length,
        raised,
        published: toPublish.length,
      });
    },
  );
}

/** Scores the merged state of every vehicle in the batch; ingest stored it before publishing. */
async function predictMaintenance(
  deps: EvaluateAlertsDeps,
  detail: TelemetryReceived,
  raisedAt: string,
): Promise<ReturnType<typeof predictedMaintenanceAlerts>> {
  const vehicleIds = [...new Set(detail.readings.map((r) => r.vehicleId))];
  const states = (await Promise.all(vehicleIds.map((id) => deps.fleet.getVehicleState(detail.tenantId, id)))).filter(
    (state): state is VehicleState => state !== undefined,
  );
  const snapshots = states.flatMap((state) => healthSnapshot(state) ?? []);
  if (snapshots.length === 0) return [];
  const predictions = await deps.failures.predict(snapshots);
  return predictedMaintenanceAlerts(detail.tenantId, predictions, states, raisedAt);
}
