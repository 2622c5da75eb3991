import { useEffect } from 'preact/hooks';
import { hasAnyRole } from '../../auth/roles.js';
import {
  acknowledgementQueued,
  acknowledgementSettled,
  acknowledging,
  detailStore,
  openAlert,
} from '../../state/alert-detail.js';
import { inboxStore } from '../../state/alert-inbox.js';
import { acknowledgeAlert } from '../../state/app-controller.js';
import { appStore } from '../../state/app-state.js';
import { inboxHref } from '../../state/inbox-query.js';
import { useStore } from '../../state/store.js';
import { AlertActions } from '../alerts/AlertActions.js';
import { AlertTimeline } from '../alerts/AlertTimeline.js';
import { ReadingsTable } from '../alerts/ReadingsTable.js';
import { StatusBadge } from '../alerts/StatusBadge.js';
import { formatClock, formatTime } from '../format-time.js';
import { Link } from '../Link.js';
import { ACKNOWLEDGER_ROLES } from '../navigation.js';
import { DeliveryRecord } from '../notifications/DeliveryRecord.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { SeverityBadge } from '../SeverityBadge.js';
import '../alerts/alerts.css';

/**
 * One alert: its fields, the readings that triggered it, its history as a timeline and (for those
 * who handle alerts) acknowledge, resolve, assign and note.
 */
export function AlertDetailScreen({ alertId }: { alertId: string }) {
  const state = useStore(detailStore, (s) => s);
  const queued = useStore(appStore, (s) => s.queuedAcks.includes(alertId));
  const online = useStore(appStore, (s) => s.online);
  const savedAt = useStore(appStore, (s) => s.dataSavedAt);
  const roles = useStore(appStore, (s) => s.session?.user.roles ?? []);
  const backHref = useStore(inboxStore, (s) => inboxHref(s.query));

  useEffect(() => {
    void openAlert(alertId);
  }, [alertId]);

  const alert = state.alertId === alertId ? state.alert : undefined;
  const back = (
    <p>
      <Link href={backHref}>Back to alerts</Link>
    </p>
  );
  if (!alert) {
    const loading = state.source === 'loading' || state.source === 'none';
    return (
      <section aria-labelledby="screen-title" class="panel">
        {back}
        <ScreenHeading>{loading ? 'Loading alert…' : 'Alert not found'}</ScreenHeading>
        {state.source === 'missing' ? <p>There is no such alert in your fleet.</p> : null}
        {state.source === 'error' ? (
          <p class="error" role="alert">
            Could not load the alert: {state.error}
          </p>
        ) : null}
      </section>
    );
  }

  const acknowledge = async () => {
    acknowledging(true);
    const outcome = await acknowledgeAlert(alert);
    if (!outcome) acknowledgementQueued();
    else await acknowledgementSettled(alert, outcome.result === 'rejected' ? outcome.error : undefined);
  };

  return (
    <section aria-labelledby="screen-title" class={`panel alert-detail alert-${alert.severity.toLowerCase()}`}>
      {back}
      <ScreenHeading>
        {alert.type} on {alert.vehicleId}
      </ScreenHeading>
      {state.source === 'cache' ? (
        <p class="hint">Saved copy{savedAt ? ` from ${formatClock(savedAt)}` : ''}: you are offline.</p>
      ) : null}
      <dl class="facts">
        <dt>Severity</dt>
        <dd>
          <SeverityBadge severity={alert.severity} />
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={alert.status} />
          {alert.status === 'acknowledged' && alert.acknowledgedBy ? ` by ${alert.acknowledgedBy}` : ''}
          {alert.status === 'acknowledged' && alert.acknowledgedAt ? `, ${formatTime(alert.acknowledgedAt)}` : ''}
          {alert.status === 'resolved' && alert.resolvedBy ? ` by ${alert.resolvedBy}` : ''}
          {alert.status === 'resolved' && alert.resolvedAt ? `, ${formatTime(alert.resolvedAt)}` : ''}
        </dd>
        <dt>Assigned to</dt>
        <dd>{alert.assigneeId ?? 'Nobody yet'}</dd>
        <dt>Message</dt>
        <dd>{alert.message}</dd>
        <dt>Raised</dt>
        <dd>
          <time dateTime={alert.raisedAt}>{formatTime(alert.raisedAt)}</time>
        </dd>
        <dt>Vehicle</dt>
        <dd>{alert.vehicleId}</dd>
        {alert.ruleId ? (
          <>
            <dt>Rule</dt>
            <dd>{alert.ruleId}</dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="readings-title" class="detail-section">
        <h2 id="readings-title">Readings</h2>
        <ReadingsTable readings={alert.readings ?? []} />
      </section>
      <section aria-labelledby="history-title" class="detail-section">
        <h2 id="history-title">Timeline</h2>
        <AlertTimeline history={alert.history ?? []} />
      </section>
      {hasAnyRole(roles, ACKNOWLEDGER_ROLES) ? (
        <AlertActions
          alert={alert}
          online={online}
          queued={queued}
          busy={state.busy}
          feedback={state.feedback}
          onAcknowledge={() => void acknowledge()}
        />
      ) : null}
      {hasAnyRole(roles, ACKNOWLEDGER_ROLES) ? <DeliveryRecord alertId={alert.alertId} /> : null}
    </section>
  );
}
