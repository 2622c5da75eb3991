import { alertDeliveries, CHANNEL_LABELS, type DeliveryAttempt } from '../../api/notifications-client.js';
import { LoadStatus } from '../fleet/LoadStatus.js';
import { useLoad } from '../fleet/use-load.js';
import { formatTime } from '../format-time.js';
import './notifications.css';

/** Why an attempt did not send, for people. */
const REASONS: Readonly<Record<string, string>> = {
  preference: 'turned off in their settings',
  quiet_hours: 'quiet hours (in the summary when they end)',
  digest: 'in their digest',
  no_destination: 'no number, address or device',
  provider_error: 'provider error, retried',
  dead_lettered: 'failed after the last retry (dead-lettered)',
  subscription_gone: 'device unsubscribed (removed)',
  unregistered_target: 'device not registered yet (the app registers on its next start)',
  unsupported_target: 'mobile push was not delivered yet',
  duplicate: 'already sent',
};

const STATUS: Readonly<Record<DeliveryAttempt['status'], string>> = {
  sent: '✓ Sent',
  failed: '✗ Failed',
  suppressed: '– Not sent',
  queued: '… Held',
};

/** The step of an attempt: `L0` → level 1, `L1R1` → level 2, round 2; `summary`. */
function stepLabel(step: string): string {
  const match = /^L(\d+)(?:R(\d+))?$/.exec(step);
  if (!match) return step === 'summary' ? 'summary' : step;
  return `level ${Number(match[1]) + 1}${match[2] ? `, round ${Number(match[2]) + 1}` : ''}`;
}

/**
 * The alert's delivery record (`GET /v1/alerts/{alertId}/deliveries`): every attempt to tell
 * someone, suppressed and held ones included, with the masked destination and the reason.
 */
export function DeliveryRecord({ alertId }: { alertId: string }) {
  const [loaded, reload] = useLoad(alertId, () => alertDeliveries(alertId));
  return (
    <section aria-labelledby="deliveries-title" class="detail-section">
      <h2 id="deliveries-title">Delivery record</h2>
      <LoadStatus loaded={loaded} reload={reload} what="the delivery record" />
      {loaded.state === 'ok' && loaded.data.items.length === 0 ? <p>Nobody has been notified yet.</p> : null}
      {loaded.state === 'ok' && loaded.data.items.length > 0 ? (
        <>
          <table class="delivery-table">
            <caption class="visually-hidden">Every attempt to notify someone about this alert</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Channel</th>
                <th scope="col">To</th>
                <th scope="col">Outcome</th>
                <th scope="col">Attempt</th>
                <th scope="col">Step</th>
              </tr>
            </thead>
            <tbody>
              {loaded.data.items.map((a, i) => (
                <tr key={`${a.at}-${i}`}>
                  <td data-label="When">
                    <time dateTime={a.at}>{formatTime(a.at)}</time>
                  </td>
                  <td data-label="Who">{a.userId}</td>
                  <td data-label="Channel">{CHANNEL_LABELS[a.channel] ?? a.channel}</td>
                  <td data-label="To">{a.to ?? '—'}</td>
                  <td data-label="Outcome">
                    {STATUS[a.status]}
                    {a.reason ? `: ${REASONS[a.reason] ?? a.reason}` : ''}
                    {a.until ? `, until ${formatTime(a.until)}` : ''}
                  </td>
                  <td data-label="Attempt">{a.attempt || '—'}</td>
                  <td data-label="Step">{stepLabel(a.step)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <button type="button" class="secondary" onClick={reload}>
              Refresh the delivery record
            </button>
          </p>
        </>
      ) : null}
    </section>
  );
}
