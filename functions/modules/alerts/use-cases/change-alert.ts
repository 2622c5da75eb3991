import type { EventPublisher } from '../../../platform/events/event-publisher.js';
import type { Alert } from '../domain/alert.js';
import { applyCommand, type LifecycleCommand } from '../domain/lifecycle.js';
import { AlertNotFound } from '../errors.js';
import { ALERT_EVENTS, EVENT_OF_ACTION } from '../events.js';
import type { AlertRepository } from '../ports/alert-repository.js';

/** The ports a lifecycle change needs. */
export interface ChangeAlertPorts {
  readonly alerts: Pick<AlertRepository, 'getVersioned' | 'update' | 'eventPublished'>;
  readonly events: EventPublisher;
}

/** The alert after a change, and whether its event went out at once. */
export interface AlertChange {
  readonly alert: Alert;
  /**
   * Set when the write succeeded but publishing its event (or clearing it as owed) failed: the
   * event is still owed in the alerts table, and the table's stream publishes it (docs/adr/0063;
   * a second time if only the clearing failed). The change itself stands.
   */
  readonly fastPathError?: unknown;
}

/** Conditional-write attempts before giving up on a contended alert. */
const MAX_ATTEMPTS = 5;

/**
 * Applies a lifecycle command to an alert of the tenant (docs/adr/0071, 0063):
 * 1. read the alert and its revision (another tenant's id: AlertNotFound);
 * 2. apply the transition (invalid: InvalidTransition, 409);
 * 3. write it conditionally on the revision, with the event it owes in the same transaction; if
 *    another change won, start again from 1, so two concurrent acknowledges give one
 *    acknowledgement and one 409;
 * 4. publish the command's event (`alert.acknowledged`, …) with the whole alert and clear what was
 *    owed. If that fails, the owed event stays and the alerts table's stream publishes it: a change
 *    that is written is never without its event, even if this process dies right after the write.
 * A repeat of one's own acknowledge or resolve changes nothing and republishes the event (a
 * failure then is thrown: nothing was written, the client's retry publishes it).
 */
export async function changeAlert(
  ports: ChangeAlertPorts,
  tenantId: string,
  alertId: string,
  command: LifecycleCommand,
): Promise<AlertChange> {
  for (let attempt = 1; ; attempt++) {
    const current = await ports.alerts.getVersioned(tenantId, alertId);
    if (!current) throw new AlertNotFound(alertId);
    const { alert, changed } = applyCommand(current.alert, command);
    const event = { source: ALERT_EVENTS.source, detailType: EVENT_OF_ACTION[command.action], detail: alert };
    if (!changed) {
      if (command.action === 'acknowledge' || command.action === 'resolve') await ports.events.publish([event]);
      return { alert };
    }
    if (!(await ports.alerts.update(alert, current.rev, { detailType: event.detailType }))) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`Alert ${alertId} stayed contended for ${MAX_ATTEMPTS} attempts`);
      continue;
    }
    try {
      await ports.events.publish([event]);
      await ports.alerts.eventPublished({ tenantId, alertId, rev: current.rev + 1 });
      return { alert };
    } catch (fastPathError) {
      return { alert, fastPathError };
    }
  }
}
