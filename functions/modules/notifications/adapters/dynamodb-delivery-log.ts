import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { type Clock, systemClock } from '../../../platform/clock.js';
import { queryAll } from '../../../platform/dynamodb/query-all.js';
import { epochSeconds, withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { DeliveryKey, DeliveryLog, DeliveryRecord } from '../ports/delivery-log.js';
import { NOTIFICATIONS_TABLE } from '../tables.js';

/** Key formats of the notifications table: every partition key starts with the tenant. */
const keys = {
  tenant: (tenantId: string) => `TENANT#${tenantId}`,
  deliveryClaim: (alertId: string, channel: string, destination: string) =>
    `CLAIM#${alertId}#${channel}#${destination}`,
  deliveryPrefix: (alertId: string) => `DELIVERY#${alertId}#`,
} as const;

const ENTITY = { deliveryClaim: 'deliveryClaim', delivery: 'delivery' } as const;

/** How long delivery claims are kept: longer than EventBridge retries an event (24 h at most). */
const CLAIM_RETENTION_SECONDS = 7 * 86_400;

/** Monotonic within the container, so attempts recorded in one millisecond keep their order. */
const nextAttemptId = monotonicFactory();

export interface DynamoDbDeliveryLogProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** @default systemClock */
  readonly clock?: Clock;
}

/**
 * Delivery claims and records in the notifications table. A claim is a conditional put that only
 * the first sender (or the retry of a failed or abandoned attempt) wins; recording settles the
 * claim and appends the attempt in one transaction.
 */
export class DynamoDbDeliveryLog implements DeliveryLog {
  private readonly clock: Clock;

  constructor(private readonly props: DynamoDbDeliveryLogProps) {
    this.clock = props.clock ?? systemClock;
  }

  async claim(key: DeliveryKey, leaseSeconds = 60): Promise<boolean> {
    const now = epochSeconds(this.clock.now());
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: {
            pk: keys.tenant(key.tenantId),
            sk: keys.deliveryClaim(key.alertId, key.channel, key.destination),
            entity: ENTITY.deliveryClaim,
            ...key,
            status: 'pending',
            leaseUntil: now + leaseSeconds,
            expiresAt: now + CLAIM_RETENTION_SECONDS,
          },
          // First attempt, a failed attempt, or a sender that died holding the lease.
          ConditionExpression:
            'attribute_not_exists(pk) OR #status = :failed OR (#status = :pending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':failed': 'failed', ':pending': 'pending', ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async record(record: DeliveryRecord): Promise<void> {
    const pk = keys.tenant(record.tenantId);
    await this.props.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.props.tableName,
              Item: {
                ...record,
                pk,
                // The ULID keeps two attempts in the same millisecond (a fast retry) from overwriting each other.
                sk: `${keys.deliveryPrefix(record.alertId)}${record.attemptedAt}#${nextAttemptId()}`,
                entity: ENTITY.delivery,
              },
            },
          },
          {
            Update: {
              TableName: this.props.tableName,
              Key: { pk, sk: keys.deliveryClaim(record.alertId, record.channel, record.destination) },
              UpdateExpression: 'SET #status = :status, entity = :entity, expiresAt = :expiresAt',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':status': record.status,
                ':entity': ENTITY.deliveryClaim,
                ':expiresAt': epochSeconds(this.clock.now()) + CLAIM_RETENTION_SECONDS,
              },
            },
          },
        ],
      }),
    );
  }

  async list(tenantId: string, alertId: string): Promise<DeliveryRecord[]> {
    const items = await queryAll(this.props.client, {
      TableName: this.props.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': keys.deliveryPrefix(alertId) },
    });
    return items.map((item) => withoutStorageAttributes(item) as unknown as DeliveryRecord);
  }
}

/** Binds the notifications table through {@link DynamoDbDeliveryLog}. */
export const dynamoDbDeliveryLog = tableAdapter<DeliveryLog>(
  NOTIFICATIONS_TABLE,
  (parts) => new DynamoDbDeliveryLog(parts),
);
