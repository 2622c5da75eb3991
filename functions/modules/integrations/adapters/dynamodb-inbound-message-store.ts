import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { INBOUND_RETENTION_DAYS, type InboundMessage, type InboundOutcome } from '../domain/inbound-message.js';
import type { InboundMessageStore } from '../ports/inbound-message-store.js';
import { INTEGRATIONS_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

/**
 * Messages in their partner's partition (`PARTNER#<id>` / `MSG#<messageId>`), written with
 * `attribute_not_exists`: the conditional write is the de-duplication, so two redeliveries racing
 * each other store one message. Kept 30 days (TTL) with the raw body for audit and replay.
 */
export class DynamoDbInboundMessageStore implements InboundMessageStore {
  constructor(private readonly props: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {}

  async record(message: InboundMessage): Promise<'accepted' | 'duplicate'> {
    const expiresAt = epochSeconds(new Date(message.receivedAt)) + INBOUND_RETENTION_DAYS * 86_400;
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: {
            pk: keys.partner(message.partnerId),
            sk: keys.message(message.messageId),
            entity: ENTITY.inboundMessage,
            ...message,
            status: 'received',
            expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'accepted';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'duplicate';
      throw error;
    }
  }

  async markOutcome(message: Pick<InboundMessage, 'partnerId' | 'messageId'>, outcome: InboundOutcome): Promise<void> {
    try {
      await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: { pk: keys.partner(message.partnerId), sk: keys.message(message.messageId) },
          UpdateExpression: 'SET #status = :status, outcome = :outcome',
          // A message the TTL removed meanwhile is not written back as a bare outcome.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': outcome.status, ':outcome': outcome },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

/** Binds the integrations table through {@link DynamoDbInboundMessageStore}. */
export const dynamoDbInboundMessageStore = tableAdapter<InboundMessageStore>(
  INTEGRATIONS_TABLE,
  (parts) => new DynamoDbInboundMessageStore(parts),
);
