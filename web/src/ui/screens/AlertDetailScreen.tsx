import { acknowledgeAlert, findAlert } from '../../state/app-controller.js';
import { appStore } from '../../state/app-state.js';
import { useStore } from '../../state/store.js';
import { formatTime } from '../format-time.js';
import { Link } from '../Link.js';
import { ACKNOWLEDGER_ROLES } from '../navigation.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { SeverityBadge } from '../SeverityBadge.js';

/** One alert: what, where, when, its status, and acknowledging it (queued when offline). */
export function AlertDetailScreen({ alertId }: { alertId: string }) {
  // Subscribing to both lists re-renders when the alert changes (acknowledged, updated frame).
  useStore(appStore, (s) => s.liveAlerts);
  useStore(appStore, (s) => s.recentAlerts);
  const queued = useStore(appStore, (s) => s.queuedAcks.includes(alertId));
  const roles = useStore(appStore, (s) => s.session?.user.roles ?? []);
  const alert = findAlert(alertId);
  if (!alert) {
    return (
      <section aria-labelledby="screen-title" class="panel">
        <ScreenHeading>Alert not found</ScreenHeading>
        <p>This alert is not among the recent alerts of your fleet.</p>
        <p>
          <Link href="/alerts">Back to alerts</Link>
        </p>
      </section>
    );
  }
  const canAcknowledge = alert.status === 'open' && roles.some((r) => ACKNOWLEDGER_ROLES.includes(r));
  return (
    <section aria-labelledby="screen-title" class={`panel alert-detail alert-${alert.severity.toLowerCase()}`}>
      <p>
        <Link href="/alerts">Back to alerts</Link>
      </p>
      <ScreenHeading>
        {alert.type} on {alert.vehicleId}
      </ScreenHeading>
      <dl class="facts">
        <dt>Severity</dt>
        <dd>
          <SeverityBadge severity={alert.severity} />
        </dd>
        <dt>Status</dt>
        <dd>
          {alert.status}
          {alert.acknowledgedBy ? ` by ${alert.acknowledgedBy}` : ''}
        </dd>
        <dt>Message</dt>
        <dd>{alert.message}</dd>
        <dt>Raised</dt>
        <dd>
          <time dateTime={alert.raisedAt}>{formatTime(alert.raisedAt)}</time>
        </dd>
        <dt>Vehicle</dt>
        <dd>{alert.vehicleId}</dd>
      </dl>
      {queued ? <p class="hint">Your acknowledgement is saved and is sent when you are back online.</p> : null}
      {canAcknowledge && !queued ? (
        <button type="button" onClick={() => void acknowledgeAlert(alert)}>
          Acknowledge alert
        </button>
      ) : null}
    </section>
  );
}
