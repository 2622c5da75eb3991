import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import { count } from '../../../platform/observability/observability.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbFleetRepository } from '../../fleet/adapters/dynamodb-fleet-repository.js';
import { TELEMETRY_RECEIVED_PATTERN, telemetryReceivedSchema } from '../../fleet/events.js';
import { drivingAnomalyModel } from '../adapters/driving-anomaly-model.js';
import { dynamoDbAlertRepository } from '../adapters/dynamodb-alert-repository.js';
import { dynamoDbEvaluationStateStore } from '../adapters/dynamodb-evaluation-state-store.js';
import { dynamoDbRuleStore } from '../adapters/dynamodb-rule-store.js';
import { vehicleFailureModel } from '../adapters/vehicle-failure-model.js';
import { evaluateReadings } from '../use-cases/evaluate-readings.js';
import { RulesCache } from '../use-cases/rules-cache.js';

const bindings = {
  alerts: dynamoDbAlertRepository.readWrite,
  evaluations: dynamoDbEvaluationStateStore.readWrite,
  ruleStore: dynamoDbRuleStore.read,
  fleet: dynamoDbFleetRepository.read,
  failures: vehicleFailureModel,
  anomalies: drivingAnomalyModel,
  events: eventBridgeBus,
};
export type EvaluateAlertsDeps = DepsOf<typeof bindings>;

/**
 * `telemetry.received` → the `evaluateReadings` use case (C3, C4). Throws to have the event
 * retried. The rules cache lives as long as the handler, i.e. the container.
 */
export function createEvaluateAlertsHandler(deps: EvaluateAlertsDeps): BusLambdaHandler {
  const rules = new RulesCache(deps.ruleStore, deps.clock);
  const ports = { ...deps, rules };
  return eventHandler({ declaration: evaluateAlerts, deps, detail: telemetryReceivedSchema }, async (detail) => {
    deps.logger.appendKeys({ tenantId: detail.tenantId, batchId: detail.batchId });
    const outcome = await evaluateReadings(ports, detail);
    count(deps.metrics, 'alertsRaised', outcome.raised);
    count(deps.metrics, 'alertsCorrelated', outcome.correlated);
    count(deps.metrics, 'alertsAutoResolved', outcome.autoResolved);
    count(deps.metrics, 'firingsStillOpen', outcome.stillOpen);
    deps.logger.info('Readings evaluated', { readings: detail.readings.length, ...outcome });
  });
}

export const evaluateAlerts = defineFunction({
  name: 'evaluateAlerts',
  description: 'Evaluates new readings against the tenant rules and the ML models, raises and auto-resolves alerts',
  entry: 'functions/modules/alerts/handlers/evaluate-alerts.lambda.ts',
  triggers: [{ kind: 'event', pattern: TELEMETRY_RECEIVED_PATTERN }],
  bindings,
  factory: createEvaluateAlertsHandler,
  // The vehicle failure and driving anomaly models run in-process: onnxruntime-node and the models come from the ml layer.
  memorySize: 1024,
  timeoutSeconds: 30,
});
