import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import { count } from '../../../platform/observability/observability.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbFleetRepository } from '../../fleet/adapters/dynamodb-fleet-repository.js';
import { TELEMETRY_RECEIVED_PATTERN, telemetryReceivedSchema } from '../../fleet/events.js';
import { dynamoDbAlertRepository } from '../adapters/dynamodb-alert-repository.js';
import { vehicleFailureModel } from '../adapters/vehicle-failure-model.js';
import { DEFAULT_RULE_PACK } from '../domain/default-rule-pack.js';
import type { AlertRule } from '../domain/rules.js';
import { evaluateReadings } from '../use-cases/evaluate-readings.js';

const bindings = {
  alerts: dynamoDbAlertRepository.readWrite,
  fleet: dynamoDbFleetRepository.read,
  failures: vehicleFailureModel,
  events: eventBridgeBus,
};
export type EvaluateAlertsDeps = DepsOf<typeof bindings>;

/** Options beyond the deps; tests and later tenant overrides pass their own pack. */
export interface EvaluateAlertsOptions {
  /** @default DEFAULT_RULE_PACK */
  readonly rules?: readonly AlertRule[];
}

/** `telemetry.received` → the `evaluateReadings` use case (C3, C4). Throws to have the event retried. */
export function createEvaluateAlertsHandler(
  deps: EvaluateAlertsDeps,
  options: EvaluateAlertsOptions = {},
): BusLambdaHandler {
  const rules = options.rules ?? DEFAULT_RULE_PACK;
  return eventHandler({ declaration: evaluateAlerts, deps, detail: telemetryReceivedSchema }, async (detail) => {
    deps.logger.appendKeys({ tenantId: detail.tenantId, batchId: detail.batchId });
    const outcome = await evaluateReadings(deps, detail, rules);
    count(deps.metrics, 'alertsRaised', outcome.raised);
    deps.logger.info('Readings evaluated', { readings: detail.readings.length, ...outcome });
  });
}

export const evaluateAlerts = defineFunction({
  name: 'evaluateAlerts',
  description: 'Evaluates new readings against the rule pack and the failure model, and raises alerts',
  entry: 'functions/modules/alerts/handlers/evaluate-alerts.lambda.ts',
  triggers: [{ kind: 'event', pattern: TELEMETRY_RECEIVED_PATTERN }],
  bindings,
  factory: createEvaluateAlertsHandler,
  // The vehicle failure model runs in-process: onnxruntime-node and the model come from the ml layer.
  memorySize: 1024,
  timeoutSeconds: 30,
});
