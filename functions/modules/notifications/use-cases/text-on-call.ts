import { count } from '../../../platform/observability/observability.js';
import type { Alert } from '../../alerts/domain/alert.js';
import type { FleetRepository } from '../../fleet/ports/fleet-repository.js';
import { deliveryKey } from '../domain/dedup.js';
import { maskDestination } from '../domain/mask.js';
import type { AttemptLog } from '../ports/attempt-log.js';
import { alertText, type NotifyPorts, sendWithRetries } from './notify-people.js';

/** Who the on-call text is recorded for in the alert's delivery record: the tenant's number, not a user. */
export const ON_CALL = 'on-call';

/** The ports texting the on-call number needs: the notifications' sending ports, and the tenant. */
export type TextOnCallPorts = Pick<
  NotifyPorts,
  'notifier' | 'clock' | 'logger' | 'metrics' | 'retryDelaysMs' | 'sleep'
> & {
  readonly fleet: Pick<FleetRepository, 'getTenant'>;
  readonly attempts: Pick<AttemptLog, 'claim' | 'record' | 'deadLetter'>;
};

/**
 * A CRITICAL alert → the tenant's on-call number (C5), beside the per-person notifications of the
 * escalation ladder: the number belongs to the tenant, not to a user with preferences. It goes
 * through the same delivery record as everyone else's (user `on-call`, step `on-call`): claimed
 * before sending, so EventBridge's at-least-once redelivery never texts twice; a provider error is
 * retried with back-off and then dead-lettered with its record (ADR 0111), every attempt recorded.
 * Live `alert.raised` frames are realtime's job (pushAlertUpdates, docs/adr/0084).
 */
export async function sendOnCallText(
  ports: TextOnCallPorts,
  alert: Alert,
): Promise<'sent' | 'failed' | 'skipped' | 'no-number'> {
  if (alert.severity !== 'CRITICAL') return 'skipped';
  const phone = (await ports.fleet.getTenant(alert.tenantId))?.onCallPhone;
  if (!phone) {
    ports.logger.warn('CRITICAL alert but the tenant has no on-call number');
    return 'no-number';
  }
  const identity = {
    tenantId: alert.tenantId,
    alertId: alert.alertId,
    userId: ON_CALL,
    channel: 'sms',
    step: ON_CALL,
  } as const;
  const key = deliveryKey(identity);
  if (!(await ports.attempts.claim(alert.tenantId, key))) {
    ports.logger.info('On-call text already sent or in flight; skipping', { to: maskDestination(phone) });
    return 'skipped';
  }
  const sent = await sendWithRetries(
    ports,
    key,
    { ...identity, to: maskDestination(phone) },
    {
      tenantId: alert.tenantId,
      channel: 'sms',
      destination: phone,
      message: alertText(alert, { tag: ON_CALL }),
      metadata: { alertId: alert.alertId, type: alert.type },
    },
  );
  count(ports.metrics, 'alertSmsSent', sent ? 1 : 0);
  return sent ? 'sent' : 'failed';
}
