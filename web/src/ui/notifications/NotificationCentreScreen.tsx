import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { InboxNotification } from '../../api/notifications-client.js';
import { toast } from '../../state/app-state.js';
import { changeEntry, loadNotifications, notificationsStore } from '../../state/notifications.js';
import { useStore } from '../../state/store.js';
import { formatTime } from '../format-time.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { SeverityBadge } from '../SeverityBadge.js';
import './notifications.css';

/**
 * The notification centre: the caller's in-app inbox, newest first, all or unread only; each entry
 * links to its alert and can be marked read or archived. New entries arrive live
 * (`notification.created`) and are announced in the list's status line.
 */
export function NotificationCentreScreen() {
  const state = useStore(notificationsStore, (s) => s);
  const [focusAfter, setFocusAfter] = useState<{ index: number } | undefined>(undefined);
  const listRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void loadNotifications({ unreadOnly: false });
  }, []);

  // After archiving, focus goes to the next entry's link (or the list's heading): in the same task
  // as the DOM change, so nobody sees focus on a button that no longer exists.
  useLayoutEffect(() => {
    if (!focusAfter) return;
    const entries = listRef.current?.querySelectorAll<HTMLElement>(':scope > li');
    const entry = entries?.[Math.min(focusAfter.index, entries.length - 1)];
    (entry?.querySelector<HTMLElement>('a, button') ?? headingRef.current)?.focus();
    setFocusAfter(undefined);
  }, [focusAfter, state.items]);

  const act = async (entry: InboxNotification, index: number, action: 'read' | 'archive') => {
    try {
      await changeEntry(entry.notificationId, action);
      if (action === 'archive' || state.unreadOnly) setFocusAfter({ index });
    } catch (error) {
      toast(`Could not ${action === 'read' ? 'mark it read' : 'archive it'}: ${(error as Error).message}`);
    }
  };

  const unread = state.unreadCount ?? 0;
  const latestFresh = state.items.find((n) => n.notificationId === state.fresh[0]);
  return (
    <section aria-labelledby="screen-title" class="panel notification-centre">
      <ScreenHeading>Notification centre</ScreenHeading>
      <p class="hint">
        What fleetops told you in the app. Choose what reaches you, and when, in{' '}
        <Link href="/settings/notifications">notification settings</Link>.
      </p>
      <fieldset class="choice notification-filter">
        <legend>Show</legend>
        <label class="choice-option">
          <input
            type="radio"
            name="notification-filter"
            checked={!state.unreadOnly}
            onChange={() => void loadNotifications({ unreadOnly: false })}
          />
          All
        </label>
        <label class="choice-option">
          <input
            type="radio"
            name="notification-filter"
            checked={state.unreadOnly}
            onChange={() => void loadNotifications({ unreadOnly: true })}
          />
          Unread only
        </label>
      </fieldset>
      <h2 id="notification-list-title" tabIndex={-1} ref={headingRef}>
        {state.unreadOnly ? 'Unread' : 'All notifications'}
      </h2>
      <p role="status" class="hint">
        {state.status === 'loading' && state.items.length === 0
          ? 'Loading…'
          : `${unread} unread.${latestFresh ? ` New: ${latestFresh.title}.` : ''}`}
      </p>
      {state.status === 'error' ? (
        <p class="error" role="alert">
          Could not load your notifications: {state.error}{' '}
          <button type="button" class="secondary" onClick={() => void loadNotifications()}>
            Try again
          </button>
        </p>
      ) : null}
      {state.status !== 'loading' && state.items.length === 0 && state.status !== 'error' ? (
        <p>{state.unreadOnly ? 'Nothing unread.' : 'No notifications yet.'}</p>
      ) : null}
      <ul class="notification-list" aria-labelledby="notification-list-title" ref={listRef}>
        {state.items.map((entry, index) => (
          <li
            key={entry.notificationId}
            class={`notification-item alert-${entry.severity.toLowerCase()}${entry.readAt ? ' notification-read' : ''}`}
          >
            <h3 class="notification-title">
              {entry.alertId ? (
                <Link href={`/alerts/${encodeURIComponent(entry.alertId)}`}>{entry.title}</Link>
              ) : (
                entry.title
              )}
            </h3>
            <p class="notification-meta">
              <SeverityBadge severity={entry.severity} /> ·{' '}
              <time dateTime={entry.createdAt}>{formatTime(entry.createdAt)}</time> ·{' '}
              <strong>{entry.readAt ? 'Read' : 'Unread'}</strong>
              {entry.kind === 'summary' ? ' · Summary' : ''}
              {state.fresh.includes(entry.notificationId) ? ' · New' : ''}
            </p>
            <p class="notification-body">{entry.body}</p>
            <p class="notification-actions">
              {entry.readAt ? null : (
                <button type="button" class="secondary" onClick={() => void act(entry, index, 'read')}>
                  Mark read<span class="visually-hidden">: {entry.title}</span>
                </button>
              )}
              <button type="button" class="secondary" onClick={() => void act(entry, index, 'archive')}>
                Archive<span class="visually-hidden">: {entry.title}</span>
              </button>
            </p>
          </li>
        ))}
      </ul>
      {state.nextCursor ? (
        <button type="button" onClick={() => void loadNotifications({ more: true })}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
