import { useEffect } from 'preact/hooks';
import { hasAnyRole } from '../../auth/roles.js';
import { liveSocket } from '../../state/app-controller.js';
import { appStore } from '../../state/app-state.js';
import { followNotifications, notificationsStore, resetNotifications } from '../../state/notifications.js';
import { routeStore } from '../../state/router.js';
import { useStore } from '../../state/store.js';
import { Link } from '../Link.js';
import { NOTIFIED_ROLES } from './notification-roles.js';

/**
 * The header's way to the notification centre, with the unread count in its name ("Notifications
 * 3 unread"); it follows the session's socket, so the count moves with each `notification.created`.
 */
export function NotificationBell() {
  const session = useStore(appStore, (s) => s.session);
  const connection = useStore(appStore, (s) => s.connection);
  const unread = useStore(notificationsStore, (s) => s.unreadCount);
  const path = useStore(routeStore, (s) => s.path);
  const key = session ? `${session.user.tenantId}/${session.user.userId}` : '';
  const notified = session ? hasAnyRole(session.user.roles, NOTIFIED_ROLES) : false;

  useEffect(() => {
    if (!notified) return;
    const socket = liveSocket();
    const stop = socket ? followNotifications(socket) : undefined;
    return () => {
      stop?.();
      resetNotifications();
    };
    // A reconnect may have missed frames: follow again (recount) when the socket comes back.
  }, [key, notified, connection === 'connected']);

  if (!notified) return null;
  const count = unread ?? 0;
  return (
    <p class="bell">
      <Link href="/notifications" class="bell-link" current={path === '/notifications'}>
        Notifications{' '}
        <span class={count > 0 ? 'bell-count bell-count-some' : 'bell-count'}>
          {count > 0 ? `${count} unread` : 'none unread'}
        </span>
      </Link>
    </p>
  );
}
