import type { Severity } from '../domain/channels.js';

/** One entry of a user's in-app inbox (contract: `GET /v1/notifications`). */
export interface InboxNotification {
  readonly notificationId: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly alertId?: string;
  readonly severity: Severity;
  readonly title: string;
  readonly body: string;
  /**
   * `alert` for one alert, `summary` for what quiet hours or a digest held back, `system` for a
   * notice about the tenant's set-up (a webhook endpoint disabled).
   */
  readonly kind: 'alert' | 'summary' | 'system';
  readonly createdAt: string;
  readonly readAt?: string;
  readonly archivedAt?: string;
}

export interface InboxPage {
  readonly items: InboxNotification[];
  readonly nextCursor?: string;
}

/** The in-app inboxes, one per user, scoped by tenant. */
export interface Inbox {
  /** Stores the notification; one per `notificationId` (a repeat changes nothing and answers false). */
  add(notification: InboxNotification): Promise<boolean>;
  /** Newest first, archived left out; `unread` keeps only unread ones. InvalidCursor for a foreign cursor. */
  list(
    tenantId: string,
    userId: string,
    options: { readonly unread?: boolean; readonly limit: number; readonly cursor?: string },
  ): Promise<InboxPage>;
  unreadCount(tenantId: string, userId: string): Promise<number>;
  /** Marks it read/archived; undefined when the user has no such notification (another's is not theirs). */
  markRead(
    tenantId: string,
    userId: string,
    notificationId: string,
    at: string,
  ): Promise<InboxNotification | undefined>;
  archive(tenantId: string, userId: string, notificationId: string, at: string): Promise<InboxNotification | undefined>;
}
