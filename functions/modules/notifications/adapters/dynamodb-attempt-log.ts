import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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

/** Who may take a claim: the first sender, the retry of a failed attempt, the successor of an abandoned lease. */
const CLAIMABLE = 'attribute_not_exists(pk) OR #status = :failed OR (#status = :pending AND leaseUntil < :now)';

/** Appends `:attempt` to the claim's attempts (created on the first). */
const APPEND_ATTEMPT = 'attempts = list_append(if_not_exists(attempts, :none), :attempt)';

/** The values of {@link APPEND_ATTEMPT}; `seq` orders attempts recorded in the same millisecond. */
function appended(attempt: DeliveryAttempt): Record<string, unknown> {
  return { ':none': [], ':attempt': [{ ...attempt, seq: nextId() }] };
}

/**
 * Claims with their attempts (`CLAIM#{alert#user#channel#step}`, the attempts a list on the claim)
 * and dead letters in the tenant's partition. A claim is a conditional put that only the first
 * sender, the retry of a failed attempt or the successor of an abandoned lease wins; recording
 * appends the attempt and settles the claim in one single-item update — atomic without a
 * transaction, which cost three writes' worth on every delivery (docs/adr/0084). The key starts
 * with the alert id, so an alert's record is one query on the `CLAIM#{alertId}#` prefix.
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
    return this.takeClaim(tenantId, key, now, { status: 'pending', leaseUntil: now + leaseSeconds });
  }

  async settle(key: string, attempt: DeliveryAttempt): Promise<boolean> {
    const now = epochSeconds(this.props.clock.now());
    return this.takeClaim(attempt.tenantId, key, now, { status: claimStatus(attempt), leaseUntil: now, attempt });
  }

  async record(key: string, attempt: DeliveryAttempt): Promise<void> {
    await this.props.client.send(
      new UpdateCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.tenant(attempt.tenantId), sk: keys.claim(key) },
        UpdateExpression: `SET #status = :status, entity = :entity, expiresAt = :expiresAt, ${APPEND_ATTEMPT}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': claimStatus(attempt),
          ':entity': NOTIFICATION_ENTITIES.claim,
          ':expiresAt': epochSeconds(this.props.clock.now()) + RETENTION_SECONDS,
          ...appended(attempt),
        },
      }),
    );
  }

  async list(tenantId: string, alertId: string): Promise<DeliveryAttempt[]> {
    const items = await queryAll(this.props.client, {
      TableName: this.props.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': keys.claim(`${alertId}#`) },
    });
    return items
      .filter((item) => item.entity === NOTIFICATION_ENTITIES.claim)
      .flatMap((item) => (item.attempts ?? []) as (DeliveryAttempt & { seq: string })[])
      .filter((attempt) => attempt.alertId === alertId)
      .sort((a, b) => a.at.localeCompare(b.at) || a.seq.localeCompare(b.seq))
      .map(({ seq: _seq, ...attempt }) => attempt);
  }

  /**
   * Takes the claim when {@link CLAIMABLE}, with an update rather than a put: a successor of an
   * abandoned lease keeps the attempts its predecessor recorded.
   */
  private async takeClaim(
    tenantId: string,
    key: string,
    now: number,
    state: { status: string; leaseUntil: number; attempt?: DeliveryAttempt },
  ): Promise<boolean> {
    try {
      await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: { pk: keys.tenant(tenantId), sk: keys.claim(key) },
          UpdateExpression: `SET #status = :status, leaseUntil = :leaseUntil, entity = :entity, expiresAt = :expiresAt${state.attempt ? `, ${APPEND_ATTEMPT}` : ''}`,
          ConditionExpression: CLAIMABLE,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': state.status,
            ':leaseUntil': state.leaseUntil,
            ':entity': NOTIFICATION_ENTITIES.claim,
            ':expiresAt': now + RETENTION_SECONDS,
            ':failed': 'failed',
            ':pending': 'pending',
            ':now': now,
            ...(state.attempt ? appended(state.attempt) : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
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
