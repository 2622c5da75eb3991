import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { SealedVapidKeys, VapidKeyStore } from '../ports/vapid-keys.js';
import { NOTIFICATIONS_TABLE } from '../tables.js';
import { notificationKeys as keys, NOTIFICATION_ENTITIES } from './keys.js';

/**
 * The stage's sealed VAPID pair as one item (`PLATFORM#webpush` / `VAPID`), written by a
 * conditional put so that two cold starts generating at once store one pair and both use it.
 */
export class DynamoDbVapidKeyStore implements VapidKeyStore {
  constructor(private readonly props: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {}

  async get(): Promise<SealedVapidKeys | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.platform(), sk: keys.vapidKeys() },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      publicKey: Item.publicKey as string,
      sealedPrivateKey: Item.sealedPrivateKey as string,
      createdAt: Item.createdAt as string,
    };
  }

  async putIfAbsent(sealed: SealedVapidKeys): Promise<SealedVapidKeys> {
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: { pk: keys.platform(), sk: keys.vapidKeys(), entity: NOTIFICATION_ENTITIES.vapidKeys, ...sealed },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return sealed;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const winner = await this.get();
      if (!winner) throw error;
      return winner;
    }
  }
}

/** Binds the notifications table through {@link DynamoDbVapidKeyStore}. */
export const dynamoDbVapidKeys = tableAdapter<VapidKeyStore>(
  NOTIFICATIONS_TABLE,
  (parts) => new DynamoDbVapidKeyStore(parts),
);
