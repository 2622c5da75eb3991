import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../platform/clock.js';
import { epochSeconds, withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { tenantCursor } from '../../../platform/dynamodb/tenant-cursor.js';
import type { Inbox, InboxNotification, InboxPage } from '../ports/inbox.js';
import { NOTIFICATIONS_TABLE } from '../tables.js';
import { notificationKeys as keys, NOTIFICATION_ENTITIES } from './keys.js';

/** Inbox entries are kept 90 days. */
const INBOX_RETENTION_SECONDS = 90 * 86_400;
const cursor = tenantCursor('sk', /^N#[0-9A-Z]{26}$/);

/**
 * Each user's inbox is one partition (`TENANT#{t}#INBOX#{user}`), items sorted by ULID, so the
 * newest-first list and the unread count read only that user's items.
 */
export class DynamoDbInbox implements Inbox {
  constructor(
    private readonly props: {
      readonly client: DynamoDBDocumentClient;
      readonly tableName: string;
      readonly clock: Clock;
    },
  ) {}

  async add(notification: InboxNotification): Promise<boolean> {
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: {
            pk: keys.inbox(notification.tenantId, notification.userId),
            sk: keys.inboxItem(notification.notificationId),
            entity: NOTIFICATION_ENTITIES.inbox,
            ...notification,
            expiresAt: epochSeconds(this.props.clock.now()) + INBOX_RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return false;
    }
  }

  async list(
    tenantId: string,
    userId: string,
    options: { readonly unread?: boolean; readonly limit: number; readonly cursor?: string },
  ): Promise<InboxPage> {
    const pk = keys.inbox(tenantId, userId);
    const items: InboxNotification[] = [];
    let startKey: Record<string, unknown> | undefined = options.cursor
      ? { pk, sk: cursor.decode(options.cursor, tenantId) }
      : undefined;
    let lastKey: string | undefined;
    do {
      const page = await this.props.client.send(
        new QueryCommand({
          TableName: this.props.tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: options.unread
            ? 'attribute_not_exists(archivedAt) AND attribute_not_exists(readAt)'
            : 'attribute_not_exists(archivedAt)',
          ExpressionAttributeValues: { ':pk': pk },
          ScanIndexForward: false,
          Limit: options.limit,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (items.length < options.limit) {
          items.push(withoutStorageAttributes(item) as unknown as InboxNotification);
          lastKey = item.sk as string;
        }
      }
      startKey = page.LastEvaluatedKey;
      if (items.length >= options.limit) break;
    } while (startKey);
    // A full page may be followed by an empty one: the filter runs after the key condition.
    const more = items.length >= options.limit;
    return { items, ...(more && lastKey ? { nextCursor: cursor.encode(tenantId, lastKey) } : {}) };
  }

  async unreadCount(tenantId: string, userId: string): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.props.client.send(
        new QueryCommand({
          TableName: this.props.tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'attribute_not_exists(archivedAt) AND attribute_not_exists(readAt)',
          ExpressionAttributeValues: { ':pk': keys.inbox(tenantId, userId) },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  markRead(tenantId: string, userId: string, notificationId: string, at: string) {
    return this.stamp(tenantId, userId, notificationId, 'readAt', at);
  }

  archive(tenantId: string, userId: string, notificationId: string, at: string) {
    return this.stamp(tenantId, userId, notificationId, 'archivedAt', at);
  }

  /** Sets the stamp once (a repeat keeps the first); undefined when the user has no such item. */
  private async stamp(
    tenantId: string,
    userId: string,
    notificationId: string,
    field: 'readAt' | 'archivedAt',
    at: string,
  ): Promise<InboxNotification | undefined> {
    try {
      const result = await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: { pk: keys.inbox(tenantId, userId), sk: keys.inboxItem(notificationId) },
          UpdateExpression: `SET #f = if_not_exists(#f, :at)${field === 'archivedAt' ? ', readAt = if_not_exists(readAt, :at)' : ''}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#f': field },
          ExpressionAttributeValues: { ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return withoutStorageAttributes(result.Attributes ?? {}) as unknown as InboxNotification;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}

/** Binds the notifications table through {@link DynamoDbInbox}. */
export const dynamoDbInbox = tableAdapter<Inbox>(NOTIFICATIONS_TABLE, (parts) => new DynamoDbInbox(parts));
