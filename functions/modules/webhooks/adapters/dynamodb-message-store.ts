import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { encodeTime } from 'ulid';
import type { Clock } from '../../../platform/clock.js';
import { queryAll } from '../../../platform/dynamodb/query-all.js';
import { epochSeconds, withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { tenantCursor } from '../../../platform/dynamodb/tenant-cursor.js';
import type { DeliveryAttempt } from '../domain/delivery-attempt.js';
import { type Message, messageIdFloor } from '../domain/message.js';
import type { AttemptPage, MessageStore } from '../ports/message-store.js';
import { WEBHOOKS_TABLE } from '../tables.js';
import { ENTITY, keys, RETENTION_SECONDS } from './keys.js';

const cursor = tenantCursor('attempt', /^ATT#[0-9A-Z]{26}$/);
const isConditionFailure = (error: unknown) => (error as Error)?.name === 'ConditionalCheckFailedException';

/**
 * Messages (`MSG#{messageId}`) and attempts (`ATT#{ulid}`) in their endpoint's partition
 * (`TENANT#t#EP#id`), both kept 30 days. Every state change of a message is conditional on the
 * state it was read in, so two containers holding the same message (a timer and a redelivered
 * event) never both attempt it. Expired items are treated as gone here: TTL deletes them late.
 */
export class DynamoDbMessageStore implements MessageStore {
  constructor(
    private readonly props: {
      readonly client: DynamoDBDocumentClient;
      readonly tableName: string;
      readonly clock: Clock;
    },
  ) {}

  async create(message: Message): Promise<boolean> {
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: { ...this.key(message), entity: ENTITY.message, ...message, expiresAt: this.expiry() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async get(tenantId: string, endpointId: string, messageId: string): Promise<Message | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({
        TableName: this.props.tableName,
        Key: this.key({ tenantId, endpointId, messageId }),
        ConsistentRead: true,
      }),
    );
    return Item && !this.expired(Item) ? messageOf(Item) : undefined;
  }

  async claim(
    message: Message,
    options: { readonly expectedAttempts: number; readonly now: string; readonly leaseUntil: string },
  ): Promise<Message | undefined> {
    try {
      const { Attributes } = await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: this.key(message),
          UpdateExpression: 'SET attempts = attempts + :one, leaseUntil = :lease',
          ConditionExpression:
            '#status = :pending AND attempts = :expected AND (attribute_not_exists(leaseUntil) OR leaseUntil <= :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':lease': options.leaseUntil,
            ':pending': 'pending',
            ':expected': options.expectedAttempts,
            ':now': options.now,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? messageOf(Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async postpone(message: Message, nextAttemptAt: string): Promise<void> {
    await this.conditional(message, {
      UpdateExpression: 'SET nextAttemptAt = :next',
      ConditionExpression: '#status = :pending AND attempts = :attempts',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':next': nextAttemptAt, ':pending': 'pending', ':attempts': message.attempts },
    });
  }

  async retryAt(message: Message, nextAttemptAt: string, responseStatus?: number): Promise<void> {
    await this.conditional(message, {
      UpdateExpression: `SET nextAttemptAt = :next${responseStatus === undefined ? ' REMOVE lastResponseStatus, leaseUntil' : ', lastResponseStatus = :code REMOVE leaseUntil'}`,
      ConditionExpression: '#status = :pending AND attempts = :attempts',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':next': nextAttemptAt,
        ':pending': 'pending',
        ':attempts': message.attempts,
        ...(responseStatus === undefined ? {} : { ':code': responseStatus }),
      },
    });
  }

  async finish(
    message: Message,
    outcome: {
      readonly status: 'succeeded' | 'failed';
      readonly at: string;
      readonly responseStatus?: number;
      readonly failure?: string;
    },
  ): Promise<void> {
    const sets = ['#status = :status', 'finishedAt = :at'];
    const values: Record<string, unknown> = {
      ':status': outcome.status,
      ':at': outcome.at,
      ':pending': 'pending',
      ':attempts': message.attempts,
    };
    if (outcome.responseStatus !== undefined) {
      sets.push('lastResponseStatus = :code');
      values[':code'] = outcome.responseStatus;
    }
    if (outcome.failure !== undefined) {
      sets.push('failure = :failure');
      values[':failure'] = outcome.failure;
    }
    await this.conditional(message, {
      UpdateExpression: `SET ${sets.join(', ')} REMOVE nextAttemptAt, leaseUntil${outcome.failure === undefined ? ', failure' : ''}`,
      ConditionExpression: '#status = :pending AND attempts = :attempts',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    });
  }

  async reopen(message: Message, at: string): Promise<Message | undefined> {
    try {
      const { Attributes } = await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: this.key(message),
          UpdateExpression:
            'SET #status = :pending, nextAttemptAt = :at, roundStart = attempts, expiresAt = :expires REMOVE finishedAt, failure, leaseUntil',
          ConditionExpression: '#status <> :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':at': at, ':expires': this.expiry() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? messageOf(Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async failedSince(tenantId: string, endpointId: string, since: Date): Promise<Message[]> {
    const items = await queryAll(this.props.client, {
      TableName: this.props.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      FilterExpression: '#status = :failed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pk': keys.endpointPartition(tenantId, endpointId),
        ':from': keys.message(messageIdFloor(since)),
        ':to': `${keys.messagePrefix()}~`,
        ':failed': 'failed',
      },
      ConsistentRead: true,
    });
    return items
      .filter((item) => !this.expired(item))
      .map(messageOf)
      .filter((message) => Date.parse(message.createdAt) >= since.getTime());
  }

  async putAttempt(attempt: DeliveryAttempt): Promise<void> {
    // The attempt's sort key is fixed by message and number, so "pending" is overwritten by its outcome.
    await this.props.client.send(
      new PutCommand({
        TableName: this.props.tableName,
        Item: {
          pk: keys.endpointPartition(attempt.tenantId, attempt.endpointId),
          sk: keys.attempt(attemptUlid(attempt)),
          entity: ENTITY.attempt,
          ...attempt,
          expiresAt: this.expiry(),
        },
      }),
    );
  }

  async attempts(
    tenantId: string,
    endpointId: string,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<AttemptPage> {
    const after = page.cursor === undefined ? undefined : cursor.decode(page.cursor, tenantId);
    const pk = keys.endpointPartition(tenantId, endpointId);
    const result = await this.props.client.send(
      new QueryCommand({
        TableName: this.props.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.attemptPrefix() },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(after ? { ExclusiveStartKey: { pk, sk: after } } : {}),
      }),
    );
    const rows = result.Items ?? [];
    const items = rows
      .filter((item) => !this.expired(item))
      .map((item) => withoutStorageAttributes(item) as unknown as DeliveryAttempt);
    const last = rows.at(-1);
    return {
      items,
      ...(result.LastEvaluatedKey && last ? { nextCursor: cursor.encode(tenantId, String(last.sk)) } : {}),
    };
  }

  private key(message: Pick<Message, 'tenantId' | 'endpointId' | 'messageId'>) {
    return { pk: keys.endpointPartition(message.tenantId, message.endpointId), sk: keys.message(message.messageId) };
  }

  private async conditional(
    message: Message,
    input: {
      UpdateExpression: string;
      ConditionExpression: string;
      ExpressionAttributeNames: Record<string, string>;
      ExpressionAttributeValues: Record<string, unknown>;
    },
  ): Promise<void> {
    try {
      await this.props.client.send(
        new UpdateCommand({ TableName: this.props.tableName, Key: this.key(message), ...input }),
      );
    } catch (error) {
      // Someone else moved the message on (a replay, a duplicate attempt): theirs stands.
      if (!isConditionFailure(error)) throw error;
    }
  }

  private expiry(): number {
    return epochSeconds(this.props.clock.now()) + RETENTION_SECONDS;
  }

  private expired(item: Record<string, unknown>): boolean {
    return typeof item.expiresAt === 'number' && item.expiresAt <= epochSeconds(this.props.clock.now());
  }
}

/**
 * An attempt's sort key: when it started as a ULID time, then the message id's tail and the
 * attempt number, so writing an attempt's outcome over its `pending` record hits the same item
 * and the log sorts by time.
 */
function attemptUlid(attempt: DeliveryAttempt): string {
  const time = encodeTime(Date.parse(attempt.at), 10);
  const tail = `${attempt.messageId.slice(-10)}${String(attempt.attempt).padStart(6, '0')}`
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '0')
    .slice(-16)
    .padStart(16, '0');
  return `${time}${tail}`;
}

function messageOf(item: Record<string, unknown>): Message {
  return withoutStorageAttributes(item) as unknown as Message;
}

/** Binds the webhooks table through {@link DynamoDbMessageStore}. */
export const dynamoDbMessageStore = tableAdapter<MessageStore>(
  WEBHOOKS_TABLE,
  (parts) => new DynamoDbMessageStore(parts),
);
