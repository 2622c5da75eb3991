import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import type { Clock } from '../../../platform/clock.js';
import { queryAll } from '../../../platform/dynamodb/query-all.js';
import { epochSeconds, withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { AttemptLog, DeadLetter, DeliveryAttempt } from '../ports/attempt-log.js';
import { NOTIFICATIONS_TABLE } from '../tables.js';
import { notificationKeys as keys, NOTIFICATION_ENTITIES } from './keys.js';

/** Records and claims are kept 30 days: the alert's delivery record outlives any retry. */
const RETENTION_SECONDS = 30 * 86_400;
const nextId = monotonicFactory();

/**
 * Claims (`CLAIM#{alert#user#channel#step}`), attempts (`ATTEMPT#{alert}#{at}#{ulid}`) and dead
 * letters in the tenant's partition. A claim is a conditional put that only the first sender, the
 * retry of a failed attempt or the successor of an abandoned lease wins; recording appends the
 * attempt and settles the claim in one transaction.
 */
export class DynamoDbAttemptLog implements AttemptLog {
  constructor(
    private readonly props: {
      readonly client: DynamoDBDocumentClient;
      readonly tableName: string;
      readonly clock: Clock;
    },
  ) {}

  async claim(tenantId: string, key: string, leaseSeconds = 120): Promise<boolean> {
    const now = epochSeconds(this.props.clock.now());
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: {
            pk: keys.tenant(tenantId),
            sk: keys.claim(key),
            entity: NOTIFICATION_ENTITIES.claim,
            status: 'pending',
            leaseUntil: now + leaseSeconds,
            expiresAt: now + RETENTION_SECONDS,
          },
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

  async record(key: string, attempt: DeliveryAttempt): Promise<void> {
    const pk = keys.tenant(attempt.tenantId);
    const expiresAt = epochSeconds(this.props.clock.now()) + RETENTION_SECONDS;
    await this.props.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.props.tableName,
              Item: {
                ...attempt,
                pk,
                sk: `${keys.attemptPrefix(attempt.alertId)}${attempt.at}#${nextId()}`,
                entity: NOTIFICATION_ENTITIES.attempt,
                expiresAt,
              },
            },
          },
          {
            Update: {
              TableName: this.props.tableName,
              Key: { pk, sk: keys.claim(key) },
              UpdateExpression: 'SET #status = :status, entity = :entity, expiresAt = :expiresAt',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':status': claimStatus(attempt),
                ':entity': NOTIFICATION_ENTITIES.claim,
                ':expiresAt': expiresAt,
              },
            },
          },
        ],
      }),
    );
  }

  async list(tenantId: string, alertId: string): Promise<DeliveryAttempt[]> {
    const items = await queryAll(this.props.client, {
      TableName: this.props.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': keys.attemptPrefix(alertId) },
    });
    return items.map((item) => withoutStorageAttributes(item) as unknown as DeliveryAttempt);
  }

  async deadLetter(letter: DeadLetter): Promise<void> {
    await this.props.client.send(
      new PutCommand({
        TableName: this.props.tableName,
        Item: {
          ...letter,
          pk: keys.tenant(letter.tenantId),
          sk: keys.deadLetter(`${letter.deadLetteredAt}#${nextId()}`),
          entity: NOTIFICATION_ENTITIES.deadLetter,
          expiresAt: epochSeconds(this.props.clock.now()) + RETENTION_SECONDS,
        },
      }),
    );
  }

  async listDeadLetters(tenantId: string): Promise<DeadLetter[]> {
    const items = await queryAll(this.props.client, {
      TableName: this.props.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': keys.deadLetter('') },
    });
    return items.map((item) => withoutStorageAttributes(item) as unknown as DeadLetter);
  }
}

/**
 * What an attempt makes of its claim: a failure that will be retried keeps it pending (under its
 * lease: a sender that dies mid-retry frees it), a dead-lettered one is settled for good, so a
 * redelivered event neither retries it in parallel nor sends it again; so is a push to a subscription
 * that is gone (it was removed).
 */
function claimStatus(attempt: DeliveryAttempt): string {
  if (attempt.status !== 'failed') return attempt.status;
  return attempt.reason === 'dead_lettered' || attempt.reason === 'subscription_gone' ? 'dead' : 'pending';
}

/** Binds the notifications table through {@link DynamoDbAttemptLog}. */
export const dynamoDbAttemptLog = tableAdapter<AttemptLog>(
  NOTIFICATIONS_TABLE,
  (parts) => new DynamoDbAttemptLog(parts),
);
