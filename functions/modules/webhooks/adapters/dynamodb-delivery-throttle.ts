import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { DeliveryThrottle } from '../ports/delivery-throttle.js';
import { WEBHOOKS_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

/** How many endpoints an instance remembers the last second of. */
const MAX_REMEMBERED = 10_000;

const isConditionFailure = (error: unknown) => (error as Error)?.name === 'ConditionalCheckFailedException';

/**
 * A fixed one-second window per endpoint, one item in the endpoint's partition: a slot is a
 * conditional increment within the stored second, or a reset when the stored second is older.
 * Contention is per endpoint only.
 *
 * - An attempt whose clock reading is older than the stored second (it read the clock, then waited
 *   while another container opened the next second) counts in that newer second: it starts now,
 *   and refusing it would throttle an endpoint that is below its rate.
 * - Each instance remembers the last second it saw per endpoint and tries the reset first when its
 *   second is newer, so opening a second costs one write, not a failed increment and a reset (a
 *   failed conditional write costs a write in DynamoDB too).
 */
export class DynamoDbDeliveryThrottle implements DeliveryThrottle {
  /** The last second this instance saw per endpoint; bounded, as containers live for hours. */
  readonly #lastWindow = new Map<string, number>();

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
        ConditionExpression: '#window >= :window AND used < :max',
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
    const known = `${tenantId}#${endpointId}`;
    const seen = this.#lastWindow.get(known);
    if (this.#lastWindow.size >= MAX_REMEMBERED) this.#lastWindow.clear();
    this.#lastWindow.set(known, Math.max(window, seen ?? 0));
    // A reset lost to another container's reset of the same second leaves room: increment once more.
    if (seen === undefined || seen < window) return (await reset()) || (await increment());
    return (await increment()) || (await reset()) || (await increment());
  }
}

/** Binds the webhooks table through {@link DynamoDbDeliveryThrottle}. */
export const dynamoDbDeliveryThrottle = tableAdapter<DeliveryThrottle>(
  WEBHOOKS_TABLE,
  (parts) => new DynamoDbDeliveryThrottle(parts),
);
