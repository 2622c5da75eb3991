import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import { durableTimers } from '../../../platform/timers/timers-binding.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { ALERT_EVENTS, alertSchema } from '../../alerts/events.js';
import { dynamoDbEscalationStates } from '../adapters/dynamodb-escalation-states.js';
import { NOTIFICATION_TIMERS } from '../events.js';
import { stopEscalation as stopEscalationUseCase } from '../use-cases/escalation-ladder.js';

const bindings = {
  states: dynamoDbEscalationStates.readWrite,
  timers: durableTimers(NOTIFICATION_TIMERS),
};
export type StopEscalationDeps = DepsOf<typeof bindings>;

/** `alert.acknowledged` / `alert.resolved` → the alert's pending escalation timer is cancelled. */
export function createStopEscalationHandler(deps: StopEscalationDeps): BusLambdaHandler {
  return eventHandler({ declaration: stopEscalation, deps, detail: alertSchema }, async (alert) => {
    const stopped = await stopEscalationUseCase(deps, alert);
    if (stopped) deps.logger.info('escalation stopped', { tenantId: alert.tenantId, alertId: alert.alertId });
  });
}

export const stopEscalation = defineFunction({
  name: 'stopEscalation',
  description: 'Acknowledged or resolved alerts: cancels the pending escalation timer',
  entry: 'functions/modules/notifications/handlers/stop-escalation.lambda.ts',
  triggers: [
    {
      kind: 'event',
      pattern: {
        source: [ALERT_EVENTS.source],
        'detail-type': [ALERT_EVENTS.alertAcknowledged, ALERT_EVENTS.alertResolved],
      },
    },
  ],
  bindings,
  factory: createStopEscalationHandler,
});
