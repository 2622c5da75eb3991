import type { Logger } from '@aws-lambda-powertools/logger';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type AttributeValue as StreamAttributeValue,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { FunctionDeclaration, StreamTrigger } from '../../functions/platform/wiring/declaration.js';
import type { DeadLetterQueue } from '../bus/dead-letter-queue.js';

export interface StreamPollerOptions {
  readonly dynamo: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly tableName: string;
  readonly declaration: FunctionDeclaration;
  readonly trigger: StreamTrigger;
  readonly invoke: (event: DynamoDBStreamEvent) => Promise<unknown>;
  readonly logger: Logger;
  readonly deadLetters: DeadLetterQueue;
  /** Pause between polls when a pass found nothing. @default 250 */
  readonly pollIntervalMs?: number;
  /** First retry delay of a failed batch; doubles per attempt. @default 50 */
  readonly retryBaseDelayMs?: number;
  readonly region: string;
}

interface ShardState {
  iterator: string | undefined;
  /** The shard is closed and fully read. */
  done: boolean;
  /** The last record handed on, to resume after it when an iterator has to be replaced. */
  lastSequenceNumber?: string;
}

/** Lambda's defaults for a DynamoDB event source mapping as declared in functions/wiring. */
const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_RETRY_ATTEMPTS = 3;

/**
 * The local event source mapping: reads a table's stream in DynamoDB Local shard by shard and
 * hands `DynamoDBStreamEvent` batches to the declared handler, as Lambda does. A batch that throws
 * is retried whole; a `batchItemFailures` answer retries from the first failed record (Lambda's
 * checkpoint behaviour); after `retryAttempts` the batch goes to the dead-letter queue.
 */
export class DynamoDbStreamPoller {
  readonly #options: StreamPollerOptions;
  readonly #shards = new Map<string, ShardState>();
  #streamArn: string | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: StreamPollerOptions) {
    this.#options = options;
  }

  /** Positions on the stream (at `startingPosition` for the shards that exist now) and starts polling. */
  async start(): Promise<void> {
    const table = await this.#options.dynamo.send(new DescribeTableCommand({ TableName: this.#options.tableName }));
    const arn = table.Table?.LatestStreamArn;
    if (!arn)
      throw new Error(`Table ${this.#options.tableName} has no stream; declare one in functions/wiring/tables.ts`);
    this.#streamArn = arn;
    await this.#discoverShards();
    // DynamoDB Local's LATEST iterators can fail with TrimmedDataAccessException once the first
    // record arrives, so LATEST is emulated: read the existing shards to their end and drop that.
    if ((this.#options.trigger.startingPosition ?? 'LATEST') === 'LATEST') {
      for (const shard of this.#shards.values()) await this.#skipToEnd(shard);
    }
    this.#schedule();
  }

  /** Stops polling after the pass in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#chain.catch(() => undefined);
  }

  /** Polls until a pass finds no record; resolves with how many records it delivered. For tests. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      let found: number;
      try {
        found = await this.#enqueue(() => this.#pollOnce());
      } catch (error) {
        this.#options.logger.warn('stream poll failed', {
          function: this.#options.declaration.name,
          error: error as Error,
        });
        return total;
      }
      total += found;
      if (found === 0) return total;
    }
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.#enqueue(() => this.#pollOnce())
        .catch((error: unknown) =>
          this.#options.logger.warn('stream poll failed', {
            function: this.#options.declaration.name,
            error: error as Error,
          }),
        )
        .finally(() => this.#schedule());
    }, this.#options.pollIntervalMs ?? 250);
  }

  /** Runs polls one at a time, so the background loop and `drain()` never deliver a record twice. */
  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(work, work);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async #discoverShards(): Promise<void> {
    const streamArn = this.#streamArn as string;
    let exclusiveStartShardId: string | undefined;
    do {
      const description = await this.#options.streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      for (const shard of description.StreamDescription?.Shards ?? []) {
        const shardId = shard.ShardId as string;
        if (this.#shards.has(shardId)) continue;
        this.#shards.set(shardId, { iterator: await this.#iterator(shardId), done: false });
      }
      exclusiveStartShardId = description.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
  }

  /** An iterator just after the last record handed on, or at the shard's start. */
  async #iterator(shardId: string, after?: string): Promise<string | undefined> {
    const result = await this.#options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.#streamArn as string,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' as const }),
      }),
    );
    return result.ShardIterator;
  }

  async #skipToEnd(shard: ShardState): Promise<void> {
    while (shard.iterator) {
      const page = await this.#getRecords(shard.iterator);
      const last = page.Records?.at(-1)?.dynamodb?.SequenceNumber;
      if (last) shard.lastSequenceNumber = last;
      if (!page.NextShardIterator) shard.done = true;
      if ((page.Records ?? []).length === 0 || !page.NextShardIterator) {
        shard.iterator = page.NextShardIterator;
        return;
      }
      shard.iterator = page.NextShardIterator;
    }
  }

  async #pollOnce(): Promise<number> {
    if (this.#stopped || !this.#streamArn) return 0;
    await this.#discoverShards();
    let delivered = 0;
    for (const [shardId, shard] of this.#shards) {
      if (shard.done || !shard.iterator) continue;
      let page: GetRecordsCommandOutput;
      try {
        page = await this.#getRecords(shard.iterator);
      } catch (error) {
        const name = (error as Error).name;
        if (name !== 'TrimmedDataAccessException' && name !== 'ExpiredIteratorException') throw error;
        // Replace the iterator and carry on from the last record handed on.
        shard.iterator = await this.#iterator(shardId, shard.lastSequenceNumber);
        if (!shard.iterator) continue;
        page = await this.#getRecords(shard.iterator);
      }
      shard.iterator = page.NextShardIterator;
      if (!page.NextShardIterator) shard.done = true;
      const fresh = page.Records ?? [];
      const last = page.Records?.at(-1)?.dynamodb?.SequenceNumber;
      if (last) shard.lastSequenceNumber = last;
      if (fresh.length === 0) continue;
      delivered += fresh.length;
      await this.#deliver(
        shardId,
        fresh.map((record) => this.#toLambdaRecord(record)),
      );
    }
    return delivered;
  }

  #getRecords(iterator: string): Promise<GetRecordsCommandOutput> {
    return this.#options.streams.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: this.#options.trigger.batchSize ?? DEFAULT_BATCH_SIZE }),
    );
  }

  async #deliver(shardId: string, records: DynamoDBRecord[]): Promise<void> {
    const { logger, declaration, trigger, deadLetters } = this.#options;
    const maxRetries = trigger.retryAttempts ?? DEFAULT_RETRY_ATTEMPTS;
    const base = this.#options.retryBaseDelayMs ?? 50;
    let batch = records;
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      let failedFrom: number | undefined;
      let error: string | undefined;
      try {
        const result = await this.#options.invoke({ Records: batch });
        const failures = (result as { batchItemFailures?: { itemIdentifier?: string }[] } | undefined)
          ?.batchItemFailures;
        if (failures && failures.length > 0) {
          const failedIds = new Set(failures.map((f) => f.itemIdentifier));
          const index = batch.findIndex((r) => failedIds.has(r.dynamodb?.SequenceNumber));
          // An identifier that names no record of the batch fails the whole batch, as in Lambda.
          failedFrom = index === -1 ? 0 : index;
          error = `${failures.length} batch item failure(s)`;
        }
      } catch (thrown) {
        failedFrom = 0;
        error = thrown instanceof Error ? thrown.message : String(thrown);
      }
      if (failedFrom === undefined) {
        logger.info('stream batch delivered', {
          function: declaration.name,
          shardId,
          records: batch.length,
          attempt,
          ms: Math.round(performance.now() - started),
        });
        return;
      }
      batch = batch.slice(failedFrom);
      if (attempt > maxRetries) {
        logger.error('stream batch failed for good, sent to DLQ', {
          function: declaration.name,
          shardId,
          records: batch.length,
          attempts: attempt,
          error,
        });
        deadLetters.add({
          kind: 'stream',
          functionName: declaration.name,
          attempts: attempt,
          error: error ?? 'failed',
          failedAt: new Date().toISOString(),
          payload: { Records: batch },
        });
        return;
      }
      const delay = base * 2 ** (attempt - 1);
      logger.warn('stream batch failed, will retry', {
        function: declaration.name,
        shardId,
        records: batch.length,
        attempt,
        retryInMs: delay,
        error,
      });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  #toLambdaRecord(record: _Record): DynamoDBRecord {
    const stream = record.dynamodb ?? {};
    return {
      eventID: record.eventID,
      eventName: record.eventName,
      eventVersion: record.eventVersion ?? '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.#options.region,
      dynamodb: {
        ...(stream.ApproximateCreationDateTime
          ? { ApproximateCreationDateTime: Math.floor(stream.ApproximateCreationDateTime.getTime() / 1000) }
          : {}),
        ...(stream.Keys ? { Keys: toLambdaImage(stream.Keys) } : {}),
        ...(stream.NewImage ? { NewImage: toLambdaImage(stream.NewImage) } : {}),
        ...(stream.OldImage ? { OldImage: toLambdaImage(stream.OldImage) } : {}),
        SequenceNumber: stream.SequenceNumber,
        SizeBytes: stream.SizeBytes,
        StreamViewType: stream.StreamViewType,
      },
      eventSourceARN: this.#streamArn,
    };
  }
}

type LambdaAttributeValue = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>[string];

/** The SDK hands binary as bytes; Lambda's JSON event carries it base64-encoded. */
function toLambdaImage(image: Record<string, StreamAttributeValue>): Record<string, LambdaAttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaValue(value)]));
}

function toLambdaValue(value: StreamAttributeValue): LambdaAttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  return value as LambdaAttributeValue;
}
