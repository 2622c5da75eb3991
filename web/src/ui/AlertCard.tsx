import type { Alert } from '../api/types.js';
import { StatusBadge } from './alerts/StatusBadge.js';
import { formatTime } from './format-time.js';
import { Link } from './Link.js';
import { SeverityBadge } from './SeverityBadge.js';

/** One alert in a list: severity, what and where (a link to its detail), status, when. */
export function AlertCard({ alert, queued }: { alert: Alert; queued: boolean }) {
  return (
    <li class={`alert-card alert-${alert.severity.toLowerCase()}`} data-alert-id={alert.alertId}>
      <h3 class="alert-title">
        <Link href={`/alerts/${encodeURIComponent(alert.alertId)}`}>
          {alert.type} on {alert.vehicleId}
        </Link>
      </h3>
      <p class="alert-meta">
        <SeverityBadge severity={alert.severity} />
        <span class="alert-status">
          Status: <StatusBadge status={alert.status} />
        </span>
        {alert.assigneeId ? <span class="alert-assignee">Assigned to {alert.assigneeId}</span> : null}
        {queued ? <span class="alert-queued"> · acknowledgement waiting to be sent</span> : null}
      </p>
      <p class="alert-message">{alert.message}</p>
      <p class="hint">
        Raised <time dateTime={alert.raisedAt}>{formatTime(alert.raisedAt)}</time>
      </p>
    </li>
  );
}
