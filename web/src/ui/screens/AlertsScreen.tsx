import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { inboxStore, loadInbox, loadMoreInbox } from '../../state/alert-inbox.js';
import { appStore } from '../../state/app-state.js';
import { parseInboxQuery, sameQuery } from '../../state/inbox-query.js';
import { routeStore } from '../../state/router.js';
import { useStore } from '../../state/store.js';
import { AlertList } from '../AlertList.js';
import { FacetToggles } from '../alerts/FacetToggles.js';
import { InboxFilters } from '../alerts/InboxFilters.js';
import { formatClock, formatTime } from '../format-time.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { SeedFaultForm } from '../SeedFaultForm.js';
import '../alerts/alerts.css';

/** The alert view: live alerts, the inbox (search, filters, facets, pages) and the seed-fault demo. */
export function AlertsScreen() {
  const tenant = useStore(appStore, (s) => s.session?.user.tenantName ?? s.session?.user.tenantId);
  const local = useStore(appStore, (s) => s.flow?.kind === 'demo');
  return (
    <>
      <ScreenHeading>Alerts{tenant ? ` for ${tenant}` : ''}</ScreenHeading>
      <LiveAlerts />
      <AlertInbox />
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

/** The inbox follows the URL's query: the filters form and the facets only ever change the URL. */
function AlertInbox() {
  const search = useStore(routeStore, (s) => s.search);
  const inbox = useStore(inboxStore, (s) => s);
  const alerts = useStore(appStore, (s) => s.recentAlerts);
  const queued = useStore(appStore, (s) => s.queuedAcks);
  const source = useStore(appStore, (s) => s.recentSource);
  const error = useStore(appStore, (s) => s.recentError);
  const savedAt = useStore(appStore, (s) => s.dataSavedAt);
  const listRef = useRef<HTMLDivElement>(null);
  const query = parseInboxQuery(search);

  useEffect(() => {
    const wanted = parseInboxQuery(search);
    // Sign-in already loads the URL's query; only a different one (form, facet, Back) loads again.
    if (!sameQuery(wanted, inboxStore.get().query) || appStore.get().recentSource === 'none') void loadInbox(wanted);
  }, [search]);

  // After "Load more" the button may be gone (last page): focus moves to the first new alert once it
  // is rendered, so it is never lost.
  const focusIndex = useRef<number | undefined>(undefined);
  // A layout effect: focus moves in the same task as the DOM change that made it due, so
  // nothing (a user, a screen reader, a test) sees the new message before it has focus.
  useLayoutEffect(() => {
    const index = focusIndex.current;
    if (index === undefined || alerts.length <= index) return;
    focusIndex.current = undefined;
    listRef.current?.querySelectorAll<HTMLAnchorElement>('.alert-title a')[index]?.focus();
  }, [alerts.length]);
  const more = async () => {
    focusIndex.current = appStore.get().recentAlerts.length;
    if ((await loadMoreInbox()) === 0) focusIndex.current = undefined;
  };

  const searching = inbox.route === 'search';
  return (
    <section aria-labelledby="recent-title" class="panel">
      <h2 id="recent-title">Alert inbox</h2>
      <InboxFilters key={search} query={query} />
      {searching && inbox.facets ? <FacetToggles facets={inbox.facets} query={inbox.query} /> : null}
      <Summary />
      {source === 'loading' ? <p class="hint">Loading alerts…</p> : null}
      {source === 'cache' ? (
        <p class="hint">
          Saved copy{savedAt ? ` from ${formatClock(savedAt)}` : ''}: you are offline
          {inbox.query.q ? '; the search matches words in the saved alerts only' : ''}.
        </p>
      ) : null}
      {error ? (
        <p class="error" role="alert">
          Could not load alerts: {error}
        </p>
      ) : null}
      {searching && inbox.raisedSince > 0 ? (
        <p class="hint">
          {inbox.raisedSince === 1 ? 'An alert was' : `${inbox.raisedSince} alerts were`} raised since this search ran.{' '}
          <button type="button" class="secondary inline-button" onClick={() => void loadInbox(inbox.query)}>
            Search again
          </button>
        </p>
      ) : null}
      <div ref={listRef}>
        <AlertList
          alerts={alerts}
          queued={queued}
          label={searching ? 'Matching alerts, best match first' : 'Recent alerts, newest first'}
          empty="No alerts match."
        />
      </div>
      {inbox.moreError ? (
        <p class="error" role="alert">
          Could not load more alerts: {inbox.moreError}
        </p>
      ) : null}
      {inbox.nextCursor && source === 'network' ? (
        // aria-disabled, not disabled: a disabled button would drop the focus while the page loads.
        <button type="button" onClick={() => void more()} aria-disabled={inbox.loadingMore}>
          {inbox.loadingMore ? 'Loading more alerts…' : 'Load more alerts'}
        </button>
      ) : null}
    </section>
  );
}

/** What the inbox shows, in words: the query, the filters and how many. */
function Summary() {
  const inbox = useStore(inboxStore, (s) => s);
  const count = useStore(appStore, (s) => s.recentAlerts.length);
  const source = useStore(appStore, (s) => s.recentSource);
  if (source !== 'network') return null;
  const { q, severity, status, vehicleId, from, to } = inbox.query;
  const parts = [
    q ? `matching “${q}”` : '',
    severity ? `severity ${severity.toLowerCase()}` : '',
    status ? `status ${status}` : '',
    vehicleId ? `vehicle ${vehicleId}` : '',
    from ? `from ${formatTime(from)}` : '',
    to ? `to ${formatTime(to)}` : '',
  ].filter(Boolean);
  const total = inbox.facets?.status ? Object.values(inbox.facets.status).reduce((a, b) => a + b, 0) : undefined;
  return (
    <p class="inbox-summary">
      Showing {count} {count === 1 ? 'alert' : 'alerts'}
      {total !== undefined && !vehicleId ? ` of ${total}` : ''}
      {parts.length ? `, ${parts.join(', ')}` : ''}.
    </p>
  );
}
