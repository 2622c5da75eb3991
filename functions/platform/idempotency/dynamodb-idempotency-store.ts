import { type AttributeValue, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Clock } from '../clock.js';
import { tableAdapter } from '../dynamodb/table-adapter.js';
import {
  IDEMPOTENCY_DEFAULTS,
  type IdempotencyClaim,
  type IdempotencyStore,
  type IdempotentRequest,
  type StoredResponse,
} from './idempotency-store.js';
import { IDEMPOTENCY_TABLE } from './tables.js';

export interface DynamoDbIdempotencyStoreProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  /** @default IDEMPOTENCY_DEFAULTS.recordTtlSeconds */
  readonly recordTtlSeconds?: number;
}

const STATUS = { inProgress: 'INPROGRESS', completed: 'COMPLETED' } as const;

/** The record's key: tenant and user in the partition, route and client key in the sort key. */
function keyOf(request: IdempotentRequest): { pk: string; sk: string } {
  return {
    pk: `TENANT#${request.tenantId}#USER#${request.userId}`,
    sk: `ROUTE#${request.route}#KEY#${request.key}`,
  };
}

/**
 * Idempotency records in DynamoDB, as Powertools' DynamoDB persistence layer keeps them: a claim is
 * one conditional put that succeeds only when no live record holds the key (none, expired, or an
 * `INPROGRESS` record whose in-progress time ran out: its request died); when it fails,
 * `ReturnValuesOnConditionCheckFailure` hands back the record that holds the key, so a repeat costs
 * one write attempt and no extra read. Expiry is checked on every claim because DynamoDB's TTL
 * deletes expired items only eventually.
 */
export class DynamoDbIdempotencyStore implements IdempotencyStore {
  readonly #ttlSeconds: number;

  constructor(private readonly props: DynamoDbIdempotencyStoreProps) {
    this.#ttlSeconds = props.recordTtlSeconds ?? IDEMPOTENCY_DEFAULTS.recordTtlSeconds;
    if (!Number.isInteger(this.#ttlSeconds) || this.#ttlSeconds < 1) {
      throw new RangeError(`recordTtlSeconds must be a positive integer, got ${this.#ttlSeconds}`);
    }
  }

  async claim(request: IdempotentRequest, inProgressMs: number, attempt = 1): Promise<IdempotencyClaim> {
    const nowMs = this.props.clock.now().getTime();
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: {
            ...keyOf(request),
            status: STATUS.inProgress,
            payloadHash: request.payloadHash,
            inProgressUntil: nowMs + Math.max(0, inProgressMs),
            expiresAt: Math.floor(nowMs / 1000) + this.#ttlSeconds,
          },
          ConditionExpression:
            'attribute_not_exists(pk) OR expiresAt < :nowSeconds OR (#status = :inProgress AND inProgressUntil < :nowMs)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':nowSeconds': Math.floor(nowMs / 1000),
            ':nowMs': nowMs,
            ':inProgress': STATUS.inProgress,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { outcome: 'claimed' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const holder = error.Item ? unmarshall(error.Item as Record<string, AttributeValue>) : await this.#read(request);
      // Gone between the failed put and the read (released by its claimer): claim again, once.
      if (!holder) {
        if (attempt > 1) throw new Error(`Idempotency record ${request.route} ${request.key} keeps vanishing`);
        return this.claim(request, inProgressMs, attempt + 1);
      }
      return this.#outcomeOf(holder, request, nowMs);
    }
  }

  async complete(request: IdempotentRequest, response: StoredResponse): Promise<void> {
    const nowMs = this.props.clock.now().getTime();
    await this.props.client.send(
      new PutCommand({
        TableName: this.props.tableName,
        Item: {
          ...keyOf(request),
          status: STATUS.completed,
          payloadHash: request.payloadHash,
          response,
          completedAt: new Date(nowMs).toISOString(),
          expiresAt: Math.floor(nowMs / 1000) + this.#ttlSeconds,
        },
      }),
    );
  }

  async release(request: IdempotentRequest): Promise<void> {
    try {
      await this.props.client.send(
        new DeleteCommand({
          TableName: this.props.tableName,
          Key: keyOf(request),
          // Only our own claim: never a record another request completed after ours timed out.
          ConditionExpression: '#status = :inProgress AND payloadHash = :hash',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': STATUS.inProgress, ':hash': request.payloadHash },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async #read(request: IdempotentRequest): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({ TableName: this.props.tableName, Key: keyOf(request), ConsistentRead: true }),
    );
    return Item;
  }

  #outcomeOf(holder: Record<string, unknown>, request: IdempotentRequest, nowMs: number): IdempotencyClaim {
    if (holder.payloadHash !== request.payloadHash) return { outcome: 'payloadMismatch' };
    if (holder.status === STATUS.completed && holder.response) {
      return { outcome: 'completed', response: holder.response as StoredResponse };
    }
    const until = typeof holder.inProgressUntil === 'number' ? holder.inProgressUntil : nowMs;
    return { outcome: 'inProgress', retryAfterSeconds: Math.max(1, Math.ceil((until - nowMs) / 1000)) };
  }
}

/** Binds the idempotency table through {@link DynamoDbIdempotencyStore} (bind it as `idempotency`). */
export const dynamoDbIdempotencyStore = tableAdapter<IdempotencyStore>(
  IDEMPOTENCY_TABLE,
  (parts) => new DynamoDbIdempotencyStore(parts),
);
