import { ALERT_STATUSES, type AlertStatus, SEVERITIES, type Severity } from '../../api/types.js';
import { loadRecentAlerts } from '../../state/app-controller.js';
import { appStore } from '../../state/app-state.js';
import { useStore } from '../../state/store.js';
import { AlertList } from '../AlertList.js';
import { formatClock } from '../format-time.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { SeedFaultForm } from '../SeedFaultForm.js';

/** The alert view: live alerts, recent alerts with filters, and (local stack) the seed-fault demo. */
export function AlertsScreen() {
  const tenant = useStore(appStore, (s) => s.session?.user.tenantName ?? s.session?.user.tenantId);
  const local = useStore(appStore, (s) => s.flow?.kind === 'demo');
  return (
    <>
      <ScreenHeading>Alerts{tenant ? ` for ${tenant}` : ''}</ScreenHeading>
      <LiveAlerts />
      <RecentAlerts />
      {local ? <SeedFaultForm /> : null}
    </>
  );
}

function LiveAlerts() {
  const alerts = useStore(appStore, (s) => s.liveAlerts);
  const queued = useStore(appStore, (s) => s.queuedAcks);
  return (
    <section aria-labelledby="live-title" class="panel">
      <h2 id="live-title">Live alerts</h2>
      <AlertList
        alerts={alerts}
        queued={queued}
        label="Live alerts, newest first"
        empty="No alert since you signed in. New alerts appear here as they are raised."
      />
    </section>
  );
}

function RecentAlerts() {
  const alerts = useStore(appStore, (s) => s.recentAlerts);
  const queued = useStore(appStore, (s) => s.queuedAcks);
  const source = useStore(appStore, (s) => s.recentSource);
  const error = useStore(appStore, (s) => s.recentError);
  const savedAt = useStore(appStore, (s) => s.dataSavedAt);
  const apply = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const severity = (form.get('severity') as string) || undefined;
    const status = (form.get('status') as string) || undefined;
    void loadRecentAlerts({ severity: severity as Severity | undefined, status: status as AlertStatus | undefined });
  };
  return (
    <section aria-labelledby="recent-title" class="panel">
      <h2 id="recent-title">Recent alerts</h2>
      <form class="filters" onSubmit={apply} aria-label="Filter recent alerts">
        <div class="field">
          <label for="filter-severity">Severity</label>
          <select id="filter-severity" name="severity">
            <option value="">Any severity</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s.charAt(0) + s.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-status">Status</label>
          <select id="filter-status" name="status">
            <option value="">Any status</option>
            {ALERT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show alerts</button>
      </form>
      {source === 'loading' ? <p class="hint">Loading recent alerts…</p> : null}
      {source === 'cache' ? (
        <p class="hint">Saved copy{savedAt ? ` from ${formatClock(savedAt)}` : ''}: you are offline.</p>
      ) : null}
      {error ? (
        <p class="error" role="alert">
          Could not load alerts: {error}
        </p>
      ) : null}
      <AlertList alerts={alerts} queued={queued} label="Recent alerts, newest first" empty="No alerts match." />
    </section>
  );
}
