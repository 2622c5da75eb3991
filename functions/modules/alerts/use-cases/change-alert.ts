import type { EventPublisher } from '../../../platform/events/event-publisher.js';
import type { Alert } from '../domain/alert.js';
import { applyCommand, type LifecycleCommand } from '../domain/lifecycle.js';
import { AlertNotFound } from '../errors.js';
import { ALERT_EVENTS, EVENT_OF_ACTION } from '../events.js';
import type { AlertRepository } from '../ports/alert-repository.js';

/** The ports a lifecycle change needs. */
export interface ChangeAlertPorts {
  readonly alerts: Pick<AlertRepository, 'getVersioned' | 'update'>;
  readonly events: EventPublisher;
}

/** Conditional-write attempts before giving up on a contended alert. */
const MAX_ATTEMPTS = 5;

/**
 * Applies a lifecycle command to an alert of the tenant (docs/adr/0071):
 * 1. read the alert and its revision (another tenant's id: AlertNotFound);
 * 2. apply the transition (invalid: InvalidTransition, 409);
 * 3. write it conditionally on the revision; if another change won, start again from 1, so two
 *    concurrent acknowledges give one acknowledgement and one 409;
 * 4. publish the command's event (`alert.acknowledged`, …) with the whole alert.
 * A repeat of one's own acknowledge or resolve changes nothing and republishes the event: the
 * retry of a request whose publish failed still gets its event out (consumers de-duplicate).
 */
export async function changeAlert(
  ports: ChangeAlertPorts,
  tenantId: string,
  alertId: string,
  command: LifecycleCommand,
): Promise<Alert> {
  for (let attempt = 1; ; attempt++) {
    const current = await ports.alerts.getVersioned(tenantId, alertId);
    if (!current) throw new AlertNotFound(alertId);
    const { alert, changed } = applyCommand(current.alert, command);
    if (changed && !(await ports.alerts.update(alert, current.rev))) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`Alert ${alertId} stayed contended for ${MAX_ATTEMPTS} attempts`);
      continue;
    }
    if (changed || command.action === 'acknowledge' || command.action === 'resolve') {
      await ports.events.publish([
        { source: ALERT_EVENTS.source, detailType: EVENT_OF_ACTION[command.action], detail: alert },
      ]);
    }
    return alert;
  }
}
