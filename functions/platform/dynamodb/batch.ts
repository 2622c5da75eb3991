import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '../concurrency.js';
import { chunks } from './transactions.js';

/** DynamoDB's per-call limits. */
const MAX_WRITES_PER_CALL = 25;
const MAX_GETS_PER_CALL = 100;
/** Attempts for unprocessed items (throttling) before giving up, with exponential back-off. */
const MAX_ATTEMPTS = 8;

const backOff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));

/**
 * Puts every item with BatchWriteItem, 25 per call and `concurrency` calls at once, retrying
 * unprocessed items (throttled writes) with back-off; throws if some could not be written, so the
 * caller never reports as stored what is not.
 */
export async function batchPutAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  concurrency = 8,
): Promise<void> {
  await mapWithConcurrency(chunks(items, MAX_WRITES_PER_CALL), concurrency, async (chunk) => {
    let pending: Record<string, unknown>[] = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`${pending.length} item(s) of ${tableName} stayed unprocessed`);
      if (attempt > 0) await backOff(attempt);
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (result.UnprocessedItems?.[tableName] ?? []) as Record<string, unknown>[];
    }
  });
}

/**
 * Gets every key with BatchGetItem, 100 per call, retrying unprocessed keys; returns the items that
 * exist (in no particular order), with only `projection` attributes when given.
 */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  options: {
    readonly projection?: readonly string[];
    readonly concurrency?: number;
    /** Strongly consistent reads (twice the read units). @default false */
    readonly consistentRead?: boolean;
  } = {},
): Promise<Record<string, unknown>[]> {
  const projection = options.projection
    ? {
        ProjectionExpression: options.projection.map((_, i) => `#p${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(options.projection.map((name, i) => [`#p${i}`, name])),
      }
    : {};
  const found = await mapWithConcurrency(chunks(keys, MAX_GETS_PER_CALL), options.concurrency ?? 8, async (chunk) => {
    const items: Record<string, unknown>[] = [];
    let pending: Record<string, unknown>[] = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`${pending.length} key(s) of ${tableName} stayed unprocessed`);
      if (attempt > 0) await backOff(attempt);
      const result = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: { Keys: pending, ...projection, ...(options.consistentRead ? { ConsistentRead: true } : {}) },
          },
        }),
      );
      items.push(...((result.Responses?.[tableName] ?? []) as Record<string, unknown>[]));
      pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
    return items;
  });
  return found.flat();
}
