import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { DeliveryThrottle } from '../ports/delivery-throttle.js';
import { WEBHOOKS_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

const isConditionFailure = (error: unknown) => (error as Error)?.name === 'ConditionalCheckFailedException';

/**
 * A fixed one-second window per endpoint, one item in the endpoint's partition: a slot is a
 * conditional increment within the current second, or a reset when the stored second is older.
 * One write per attempt; contention is per endpoint only.
 */
export class DynamoDbDeliveryThrottle implements DeliveryThrottle {
  constructor(private readonly props: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {}

  async acquire(tenantId: string, endpointId: string, perSecond: number, now: Date): Promise<boolean> {
    const window = epochSeconds(now);
    const Key = { pk: keys.endpointPartition(tenantId, endpointId), sk: keys.throttle() };
    const attempt = async (input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>) => {
      try {
        await this.props.client.send(new UpdateCommand({ TableName: this.props.tableName, Key, ...input }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    };
    const increment = () =>
      attempt({
        UpdateExpression: 'SET used = used + :one',
        ConditionExpression: '#window = :window AND used < :max',
        ExpressionAttributeNames: { '#window': 'window' },
        ExpressionAttributeValues: { ':one': 1, ':window': window, ':max': perSecond },
      });
    const reset = () =>
      attempt({
        UpdateExpression: 'SET #window = :window, used = :one, entity = :entity, expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(#window) OR #window < :window',
        ExpressionAttributeNames: { '#window': 'window' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':window': window,
          ':entity': ENTITY.throttle,
          ':expires': window + 3600,
        },
      });
    // A reset lost to another container's reset of the same second leaves room: increment once more.
    return (await increment()) || (await reset()) || (await increment());
  }
}

/** Binds the webhooks table through {@link DynamoDbDeliveryThrottle}. */
export const dynamoDbDeliveryThrottle = tableAdapter<DeliveryThrottle>(
  WEBHOOKS_TABLE,
  (parts) => new DynamoDbDeliveryThrottle(parts),
);
