import { changeNotification, type InboxNotification, listNotifications } from '../api/notifications-client.js';
import type { Frame, LiveSocket } from '../realtime/live-socket.js';
import { createStore } from './store.js';

/** The frame the server sends for each new inbox entry (contract: Notifications). */
export const NOTIFICATION_CREATED = 'notification.created';

/** The notification centre: the caller's inbox and the unread count the header shows. */
export interface NotificationsState {
  readonly unreadCount?: number;
  readonly items: readonly InboxNotification[];
  readonly nextCursor?: string;
  readonly unreadOnly: boolean;
  readonly status: 'idle' | 'loading' | 'ok' | 'error';
  readonly error?: string;
  /** Ids that arrived live since the list was loaded (announced, marked "new"). */
  readonly fresh: readonly string[];
}

const initial: NotificationsState = { items: [], unreadOnly: false, status: 'idle', fresh: [] };

/** The notifications store. */
export const notificationsStore = createStore<NotificationsState>(initial);

/** Loads the first page (or the next one), with the unread count. */
export async function loadNotifications(options: { more?: boolean; unreadOnly?: boolean } = {}): Promise<void> {
  const unreadOnly = options.unreadOnly ?? notificationsStore.get().unreadOnly;
  const cursor = options.more ? notificationsStore.get().nextCursor : undefined;
  notificationsStore.set({ status: 'loading', unreadOnly });
  try {
    const page = await listNotifications({ unread: unreadOnly, ...(cursor ? { cursor } : {}) });
    notificationsStore.set((s) => {
      const { nextCursor: _old, error: _error, ...rest } = s;
      return {
        ...rest,
        status: 'ok',
        unreadCount: page.unreadCount,
        items: options.more ? [...s.items, ...page.items] : page.items,
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        ...(options.more ? {} : { fresh: [] }),
      };
    });
  } catch (error) {
    notificationsStore.set({ status: 'error', error: error instanceof Error ? error.message : String(error) });
  }
}

/** Refreshes only the unread count (the header, at sign-in and on reconnect). */
export async function refreshUnreadCount(): Promise<void> {
  try {
    const page = await listNotifications({ unread: true });
    notificationsStore.set({ unreadCount: page.unreadCount });
  } catch {
    // The header keeps the last count; the centre shows errors when opened.
  }
}

/** Marks read or archives one entry; the list and the count follow. */
export async function changeEntry(notificationId: string, action: 'read' | 'archive'): Promise<void> {
  const before = notificationsStore.get().items.find((n) => n.notificationId === notificationId);
  const changed = await changeNotification(notificationId, action);
  notificationsStore.set((s) => {
    const wasUnread = before !== undefined && !before.readAt;
    const nowRead = action === 'read' || wasUnread;
    const items =
      action === 'archive' || (s.unreadOnly && changed.readAt)
        ? s.items.filter((n) => n.notificationId !== notificationId)
        : s.items.map((n) => (n.notificationId === notificationId ? changed : n));
    return {
      items,
      ...(s.unreadCount !== undefined && wasUnread && nowRead ? { unreadCount: Math.max(0, s.unreadCount - 1) } : {}),
    };
  });
}

/** A `notification.created` frame: first in the list (unless filtered out) and one more unread. */
export function applyCreated(frame: Frame): void {
  if (frame.type !== NOTIFICATION_CREATED) return;
  const entry = frame.data as InboxNotification;
  if (!entry?.notificationId) return;
  notificationsStore.set((s) => {
    if (s.items.some((n) => n.notificationId === entry.notificationId)) return {};
    return {
      items: [entry, ...s.items],
      fresh: [entry.notificationId, ...s.fresh].slice(0, 20),
      unreadCount: (s.unreadCount ?? 0) + (entry.readAt ? 0 : 1),
    };
  });
}

/** Follows the session's socket: live entries and a recount on every (re)connect. */
export function followNotifications(socket: LiveSocket): () => void {
  void refreshUnreadCount();
  return socket.listen(applyCreated);
}

/** Sign-out: nothing of the previous user stays. */
export function resetNotifications(): void {
  notificationsStore.set(initial);
}
