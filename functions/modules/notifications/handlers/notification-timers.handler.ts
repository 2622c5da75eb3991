import { type BusLambdaHandler, eventHandler } from '../../../platform/events/event-handler.js';
import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import { count } from '../../../platform/observability/observability.js';
import { timerPattern } from '../../../platform/timers/timer-scheduler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbAlertRepository } from '../../alerts/adapters/dynamodb-alert-repository.js';
import { NOTIFICATION_TIMERS, notificationTimerFired } from '../events.js';
import { escalate } from '../use-cases/escalation-ladder.js';
import { releaseHeld } from '../use-cases/release-held.js';
import { DELIVERY_BINDINGS } from './notification-deps.js';
import { retryDelaysFromEnvironment } from './retry-delays.js';

/** Delivery, plus the alert's status and the bus for `escalation.triggered` (kept out of notifyAlert's bundle). */
const bindings = { ...DELIVERY_BINDINGS, alerts: dynamoDbAlertRepository.read, events: eventBridgeBus };
export type NotificationTimersDeps = DepsOf<typeof bindings>;

/**
 * A notification timer fell due (ADR 0110, 0111): an escalation step, or the summary of what quiet
 * hours or a digest held back. Records how late it fired (`timerLatenessMs`).
 */
export function createNotificationTimersHandler(deps: NotificationTimersDeps): BusLambdaHandler {
  const retryDelaysMs = retryDelaysFromEnvironment();
  return eventHandler({ declaration: notificationTimers, deps, detail: notificationTimerFired }, async (fired) => {
    const lateness = deps.clock.now().getTime() - Date.parse(fired.dueAt);
    deps.metrics.addMetric('timerLatenessMs', 'Milliseconds', Math.max(0, lateness));
    const payload = fired.payload;
    deps.logger.appendKeys({ tenantId: payload.tenantId, timerId: fired.timerId });
    if (payload.kind === 'escalation') {
      const outcome = await escalate(
        { ...deps, retryDelaysMs },
        { ...payload, timerId: fired.timerId, dueAt: fired.dueAt },
      );
      count(deps.metrics, outcome === 'escalated' ? 'alertsEscalated' : 'escalationsStopped', 1);
      deps.logger.info('escalation timer', {
        outcome,
        level: payload.level,
        round: payload.round,
        latenessMs: lateness,
      });
    } else {
      const released = await releaseHeld({ ...deps, retryDelaysMs }, payload);
      deps.logger.info('held notifications released', { released });
    }
  });
}

export const notificationTimers = defineFunction({
  name: 'notificationTimers',
  description:
    'Durable notification timers: escalation steps of unacknowledged alerts, quiet-hours and digest summaries',
  entry: 'functions/modules/notifications/handlers/notification-timers.lambda.ts',
  triggers: [{ kind: 'event', pattern: timerPattern(NOTIFICATION_TIMERS) }],
  timeoutSeconds: 60,
  bindings,
  factory: createNotificationTimersHandler,
});
