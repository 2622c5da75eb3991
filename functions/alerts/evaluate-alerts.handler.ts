import type { Alert } from '../domain/alerts/alert.js';
import { DEFAULT_RULE_PACK } from '../domain/alerts/default-rule-pack.js';
import { candidateAlerts } from '../domain/alerts/raise-alerts.js';
import type { AlertRule } from '../domain/alerts/rules.js';
import type { PlatformDeps } from '../platform/deps.js';
import { type BusLambdaHandler, eventHandler } from '../shared/event-handler.js';
import { telemetryReceivedSchema } from '../shared/event-schemas.js';
import { count } from '../shared/observability.js';
import { DETAIL_TYPES, EVENT_SOURCES } from '../wiring/events.js';
import { declarationOf } from '../wiring/functions.js';

export type EvaluateAlertsDeps = Pick<PlatformDeps, 'alerts' | 'events' | 'clock' | 'logger' | 'metrics'>;

/** Options beyond the platform deps; tests and later tenant overrides pass their own pack. */
export interface EvaluateAlertsOptions {
  /** @default DEFAULT_RULE_PACK */
  readonly rules?: readonly AlertRule[];
}

/**
 * `telemetry.received` → alerts (PRODUCT.md C3):
 * 1. evaluate every new reading against the rule pack;
 * 2. raise each finding unless that vehicle already has an open alert of that type (atomic);
 * 3. publish `alert.raised` for what was raised.
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
      const candidates = candidateAlerts(detail.tenantId, detail.readings, rules, deps.clock.now().toISOString());

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
      if (toPublish.length > 0) {
        await deps.events.publish(
          toPublish.map((alert) => ({
            source: EVENT_SOURCES.alerts,
            detailType: DETAIL_TYPES.alertRaised,
            detail: alert,
          })),
        );
      }
      count(deps.metrics, 'alertsRaised', raised);
      deps.logger.info('Readings evaluated', {
        readings: detail.readings.length,
        findings: candidates.length,
        raised,
        published: toPublish.length,
      });
    },
  );
}
