import { BatchWriteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../platform/clock.js';
import { queryAll } from '../../../platform/dynamodb/query-all.js';
import { epochSeconds, withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { HeldMessage, HeldMessages } from '../ports/held-messages.js';
import { NOTIFICATIONS_TABLE } from '../tables.js';
import { notificationKeys as keys, NOTIFICATION_ENTITIES } from './keys.js';

/** Held messages per user (`TENANT#{t}#HELD#{user}`), sorted by release time. */
export class DynamoDbHeldMessages implements HeldMessages {
  constructor(
    private readonly props: {
      readonly client: DynamoDBDocumentClient;
      readonly tableName: string;
      readonly clock: Clock;
    },
  ) {}

  async hold(message: HeldMessage): Promise<void> {
    await this.props.client.send(
      new PutCommand({
        TableName: this.props.tableName,
        Item: {
          ...message,
          pk: keys.held(message.tenantId, message.userId),
          sk: keys.heldItem(message.until, message.alertId, message.channel),
          entity: NOTIFICATION_ENTITIES.held,
          // Kept a week past release: a summary that never ran is still visible to ops.
          expiresAt: epochSeconds(new Date(message.until)) + 7 * 86_400,
        },
      }),
    );
  }

  async due(tenantId: string, userId: string, until: string): Promise<HeldMessage[]> {
    const items = await queryAll(this.props.client, {
      TableName: this.props.tableName,
      KeyConditionExpression: 'pk = :pk AND sk <= :until',
      ExpressionAttributeValues: { ':pk': keys.held(tenantId, userId), ':until': `${until}#~` },
      ConsistentRead: true,
    });
    return items.map((item) => withoutStorageAttributes(item) as unknown as HeldMessage);
  }

  async release(messages: readonly HeldMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 25) {
      const chunk = messages.slice(i, i + 25);
      await this.props.client.send(
        new BatchWriteCommand({
          RequestItems: {
            [this.props.tableName]: chunk.map((m) => ({
              DeleteRequest: {
                Key: { pk: keys.held(m.tenantId, m.userId), sk: keys.heldItem(m.until, m.alertId, m.channel) },
              },
            })),
          },
        }),
      );
    }
  }
}

/** Binds the notifications table through {@link DynamoDbHeldMessages}. */
export const dynamoDbHeldMessages = tableAdapter<HeldMessages>(
  NOTIFICATIONS_TABLE,
  (parts) => new DynamoDbHeldMessages(parts),
);
