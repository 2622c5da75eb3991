import { type HttpLambdaHandler, httpHandler } from '../../../platform/http/http-handler.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { dynamoDbInbox } from '../adapters/dynamodb-inbox.js';
import { NotificationNotFound } from '../errors.js';
import { NOTIFIED_ROLES } from './notification-preferences.handler.js';
import { inboxItemPath, inboxQuery } from './notification-schemas.js';

const bindings = { inbox: dynamoDbInbox.readWrite };
export type NotificationInboxDeps = DepsOf<typeof bindings>;

/**
 * The caller's in-app inbox (contract: Notifications): `GET /v1/notifications?unread=&limit=&cursor=`
 * → `{items, unreadCount, nextCursor?}` newest first (archived left out);
 * `POST /v1/notifications/{id}/read` and `…/archive` → the entry. Another user's or tenant's id,
 * or one that never existed, is 404 NOTIFICATION_NOT_FOUND.
 */
export function createNotificationInboxHandler(deps: NotificationInboxDeps): HttpLambdaHandler {
  return httpHandler(
    { declaration: notificationInbox, deps, path: inboxItemPath, query: inboxQuery },
    async ({ event, identity, path, query }) => {
      const { tenantId, userId } = identity;
      if (event.requestContext.http.method === 'GET') {
        const [page, unreadCount] = await Promise.all([
          deps.inbox.list(tenantId, userId, {
            unread: query.unread === 'true',
            limit: query.limit,
            ...(query.cursor ? { cursor: query.cursor } : {}),
          }),
          deps.inbox.unreadCount(tenantId, userId),
        ]);
        return { statusCode: 200, body: { ...page, unreadCount } };
      }
      const id = path.notificationId ?? '';
      if (!/^[0-9A-Z]{26}$/.test(id)) throw new NotificationNotFound(id);
      const at = deps.clock.now().toISOString();
      const changed = event.routeKey.endsWith('/archive')
        ? await deps.inbox.archive(tenantId, userId, id, at)
        : await deps.inbox.markRead(tenantId, userId, id, at);
      if (!changed) throw new NotificationNotFound(id);
      return { statusCode: 200, body: changed };
    },
  );
}

export const notificationInbox = defineFunction({
  name: 'notificationInbox',
  description: 'GET /v1/notifications, POST /v1/notifications/{id}/read|archive: the caller in-app inbox',
  entry: 'functions/modules/notifications/handlers/notification-inbox.lambda.ts',
  triggers: [
    { kind: 'http', method: 'GET', path: '/v1/notifications', roles: [...NOTIFIED_ROLES] },
    { kind: 'http', method: 'POST', path: '/v1/notifications/{notificationId}/read', roles: [...NOTIFIED_ROLES] },
    { kind: 'http', method: 'POST', path: '/v1/notifications/{notificationId}/archive', roles: [...NOTIFIED_ROLES] },
  ],
  bindings,
  factory: createNotificationInboxHandler,
});
