import { type DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import type { Clock } from '../../../platform/clock.js';
import { epochSeconds } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { AlertStreamAppend, AlertStreamEntry, AlertStreamLog } from '../ports/alert-stream-log.js';
import { ALERT_STREAM_TABLE } from '../tables.js';

export interface DynamoDbAlertStreamLogProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  /** How long an entry can be resumed from. @default 86400 (a day) */
  readonly ttlSeconds?: number;
}

const eventsKey = (tenantId: string) => `events#${tenantId}`;
const sourceKey = (tenantId: string, sourceEventId: string) => `source#${tenantId}#${sourceEventId}`;

/**
 * The alert stream log on DynamoDB. An append is one transaction: the entry and an idempotency
 * item for its bus event, the latter conditional, so at-least-once delivery appends once. Ids are
 * monotonic ULIDs of the append time within a container; across containers they sort by
 * millisecond, which is why the stream reads with a look-back window (ADR 0075).
 */
export class DynamoDbAlertStreamLog implements AlertStreamLog {
  private readonly ttlSeconds: number;
  private readonly nextId = monotonicFactory();

  constructor(private readonly props: DynamoDbAlertStreamLogProps) {
    this.ttlSeconds = props.ttlSeconds ?? 86_400;
  }

  async append(entry: AlertStreamAppend): Promise<{ eventId: string; appended: boolean }> {
    const now = this.props.clock.now();
    const eventId = this.nextId(now.getTime());
    const expiresAt = epochSeconds(now) + this.ttlSeconds;
    try {
      await this.props.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.props.tableName,
                Item: { pk: sourceKey(entry.tenantId, entry.sourceEventId), sk: '-', eventId, expiresAt },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.props.tableName,
                Item: {
                  pk: eventsKey(entry.tenantId),
                  sk: eventId,
                  tenantId: entry.tenantId,
                  type: entry.type,
                  data: entry.data,
                  expiresAt,
                },
              },
            },
          ],
        }),
      );
      return { eventId, appended: true };
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      const { Item } = await this.props.client.send(
        new GetCommand({
          TableName: this.props.tableName,
          Key: { pk: sourceKey(entry.tenantId, entry.sourceEventId), sk: '-' },
          ConsistentRead: true,
        }),
      );
      return { eventId: String(Item?.eventId ?? ''), appended: false };
    }
  }

  async listAfter(tenantId: string, afterId: string, limit: number): Promise<AlertStreamEntry[]> {
    const { Items = [] } = await this.props.client.send(
      new QueryCommand({
        TableName: this.props.tableName,
        KeyConditionExpression: 'pk = :pk AND sk > :after',
        ExpressionAttributeValues: { ':pk': eventsKey(tenantId), ':after': afterId },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    const now = epochSeconds(this.props.clock.now());
    return Items.filter((item) => typeof item.expiresAt !== 'number' || item.expiresAt > now).map((item) => ({
      eventId: String(item.sk),
      tenantId: String(item.tenantId),
      type: item.type === 'alert.raised' ? 'alert.raised' : 'alert.updated',
      data: item.data,
    }));
  }
}

/** The transaction was cancelled because the idempotency item exists: this bus event was appended. */
function isDuplicate(error: unknown): boolean {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] } | null)?.CancellationReasons;
  return (
    (error as Error | null)?.name === 'TransactionCanceledException' && reasons?.[0]?.Code === 'ConditionalCheckFailed'
  );
}

/** Binds the alert stream table through {@link DynamoDbAlertStreamLog}. */
export const dynamoDbAlertStreamLog = tableAdapter<AlertStreamLog>(
  ALERT_STREAM_TABLE,
  (parts) => new DynamoDbAlertStreamLog(parts),
);
