import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../../platform/dynamodb/query-all.js';
import { withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { PushSubscription } from '../domain/push-subscription.js';
import type { PushSubscriptions } from '../ports/push-subscriptions.js';
import { NOTIFICATIONS_TABLE } from '../tables.js';
import { notificationKeys as keys, NOTIFICATION_ENTITIES } from './keys.js';

/**
 * Push targets as items `PUSH#{user}#{subscriptionId}` of the tenant's partition: one query per
 * user when notifying, and a target of another tenant or user is simply not under the key asked.
 */
export class DynamoDbPushSubscriptions implements PushSubscriptions {
  constructor(private readonly props: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {}

  async save(subscription: PushSubscription): Promise<void> {
    await this.props.client.send(
      new PutCommand({
        TableName: this.props.tableName,
        Item: {
          ...subscription,
          pk: keys.tenant(subscription.tenantId),
          sk: keys.pushSubscription(subscription.userId, subscription.subscriptionId),
          entity: NOTIFICATION_ENTITIES.pushSubscription,
        },
      }),
    );
  }

  async listByUser(tenantId: string, userId: string): Promise<PushSubscription[]> {
    const items = await queryAll(this.props.client, {
      TableName: this.props.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': keys.pushSubscriptionPrefix(userId) },
    });
    return items
      .map((item) => withoutStorageAttributes(item) as unknown as PushSubscription)
      .filter((s) => s.tenantId === tenantId && s.userId === userId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async remove(tenantId: string, userId: string, subscriptionId: string): Promise<boolean> {
    const result = await this.props.client.send(
      new DeleteCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.tenant(tenantId), sk: keys.pushSubscription(userId, subscriptionId) },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return result.Attributes !== undefined;
  }
}

/** Binds the notifications table through {@link DynamoDbPushSubscriptions}. */
export const dynamoDbPushSubscriptions = tableAdapter<PushSubscriptions>(
  NOTIFICATIONS_TABLE,
  (parts) => new DynamoDbPushSubscriptions(parts),
);
