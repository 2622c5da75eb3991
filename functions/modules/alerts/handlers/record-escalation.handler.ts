import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { ESCALATION_TRIGGERED_PATTERN, escalationTriggeredSchema } from '../../notifications/events.js';
import { dynamoDbAlertRepository } from '../adapters/dynamodb-alert-repository.js';
import { SYSTEM_ACTOR } from '../domain/alert.js';
import { AlertNotFound, InvalidTransition } from '../errors.js';
import { changeAlert } from '../use-cases/change-alert.js';

const bindings = { alerts: dynamoDbAlertRepository.readWrite, events: eventBridgeBus };
export type RecordEscalationDeps = DepsOf<typeof bindings>;

/**
 * `escalation.triggered` (from the notifications module, ADR 0111) → an `escalated` entry in the
 * alert's history, written with its owed `alert.escalated` event like every lifecycle change
 * (ADR 0063). The alerts module alone writes alerts; a step already recorded changes nothing, and
 * an alert acknowledged in the meantime is left as it is.
 */
export function createRecordEscalationHandler(deps: RecordEscalationDeps): BusLambdaHandler {
  return eventHandler(
    { declaration: recordEscalation, deps, detail: escalationTriggeredSchema },
    async (escalation) => {
      const who = escalation.notified.length > 0 ? escalation.notified.join(', ') : 'nobody (no one holds the level)';
      try {
        await changeAlert(deps, escalation.tenantId, escalation.alertId, {
          action: 'escalate',
          by: SYSTEM_ACTOR,
          at: escalation.at,
          step: escalation.step,
          note: `not acknowledged in time; escalated to level ${escalation.level + 1}: ${who}`,
        });
      } catch (error) {
        if (error instanceof InvalidTransition || error instanceof AlertNotFound) {
          deps.logger.info('escalation not recorded', { alertId: escalation.alertId, reason: error.message });
          return;
        }
        throw error;
      }
    },
  );
}

export const recordEscalation = defineFunction({
  name: 'recordEscalation',
  description: 'escalation.triggered: records the escalation in the alert history and publishes alert.escalated',
  entry: 'functions/modules/alerts/handlers/record-escalation.lambda.ts',
  triggers: [{ kind: 'event', pattern: ESCALATION_TRIGGERED_PATTERN }],
  bindings,
  factory: createRecordEscalationHandler,
});
