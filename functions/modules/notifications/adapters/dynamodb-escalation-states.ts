import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../platform/clock.js';
import { epochSeconds, withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { EscalationState, EscalationStates } from '../ports/escalation-state.js';
import { NOTIFICATIONS_TABLE } from '../tables.js';
import { notificationKeys as keys, NOTIFICATION_ENTITIES } from './keys.js';

/** One item per alert (`ESCALATION#{alertId}`) in the tenant's partition, kept 30 days. */
export class DynamoDbEscalationStates implements EscalationStates {
  constructor(
    private readonly props: {
      readonly client: DynamoDBDocumentClient;
      readonly tableName: string;
      readonly clock: Clock;
    },
  ) {}

  async get(tenantId: string, alertId: string): Promise<EscalationState | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.tenant(tenantId), sk: keys.escalationState(alertId) },
        ConsistentRead: true,
      }),
    );
    return Item ? (withoutStorageAttributes(Item) as unknown as EscalationState) : undefined;
  }

  async put(state: EscalationState): Promise<void> {
    await this.props.client.send(
      new PutCommand({
        TableName: this.props.tableName,
        Item: {
          ...state,
          pk: keys.tenant(state.tenantId),
          sk: keys.escalationState(state.alertId),
          entity: NOTIFICATION_ENTITIES.escalationState,
          expiresAt: epochSeconds(this.props.clock.now()) + 30 * 86_400,
        },
      }),
    );
  }
}

/** Binds the notifications table through {@link DynamoDbEscalationStates}. */
export const dynamoDbEscalationStates = tableAdapter<EscalationStates>(
  NOTIFICATIONS_TABLE,
  (parts) => new DynamoDbEscalationStates(parts),
);
