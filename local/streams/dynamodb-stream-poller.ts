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
import {
  FUNCTION_DEFAULTS,
  type FunctionDeclaration,
  type StreamTrigger,
} from '../../functions/platform/wiring/declaration.js';
import type { DeadLetterQueue } from '../bus/dead-letter-queue.js';
import {
  type CheckpointStore,
  FileCheckpointStore,
  MemoryCheckpointStore,
  type StreamCheckpoints,
} from './checkpoint-store.js';
import type { TableWrites } from './table-writes.js';

export interface StreamPollerOptions {
  readonly dynamo: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly tableName: string;
  readonly declaration: FunctionDeclaration;
  readonly trigger: StreamTrigger;
  readonly invoke: (event: DynamoDBStreamEvent) => Promise<unknown>;
  readonly logger: Logger;
  readonly deadLetters: DeadLetterQueue;
  /** Pause after a pass that found nothing; a pass that found records polls again at once. @default 250 */
  readonly pollIntervalMs?: number;
  /**
   * Longest pause of an idle stream: each further empty pass doubles the pause up to this, and the
   * first record brings it back to `pollIntervalMs`. DynamoDB Local serves every poll on the one JVM
   * the handlers' reads and writes wait on, so a dozen idle streams polled four times a second took
   * a tenth of its capacity under load. @default 4 × `pollIntervalMs` (1 s)
   */
  readonly idlePollIntervalMs?: number;
  /** First retry delay of a failed batch; doubles per attempt. @default 50 */
  readonly retryBaseDelayMs?: number;
  readonly region: string;
  /**
   * Keep checkpoints in a file in this directory, so a restart resumes where the handler left off
   * (docs/adr/0027). Ignored when `checkpoints` is given; neither keeps them in memory only.
   */
  readonly checkpointDir?: string;
  /** Where checkpoints are kept. @default in a file under `checkpointDir`, else in memory */
  readonly checkpoints?: CheckpointStore;
  /**
   * The stack's writes to tables: given, the poller reads the stream when its table was written
   * (after the trigger's batching window) and otherwise polls only every `safetyPollMs`, for writes
   * made by other clients (docs/adr/0028). @default timed polling only
   */
  readonly writes?: TableWrites;
  /** With `writes`: the pause of a stream nothing wrote to, spread over ±25 % per pause. @default 5000 */
  readonly safetyPollMs?: number;
}

interface ShardState {
  /** Undefined until the shard is first read: a child's iterator is only taken once its parent is done. */
  iterator: string | undefined;
  /** Whether `iterator` was positioned; false means "position at `lastSequenceNumber` or TRIM_HORIZON". */
  positioned: boolean;
  /** The shard is closed and fully handled. */
  done: boolean;
  /** The last record handled (or dead-lettered): the checkpoint, and where a replaced iterator resumes. */
  lastSequenceNumber?: string;
  readonly parentShardId?: string;
}

/** What one pass over the shards did. */
interface PollPass {
  /** Records handed to the handler. */
  readonly delivered: number;
  /** Some shard gave a page as large as the batch size: more records are likely waiting. */
  readonly full: boolean;
}

/** Pause after a poll that found nothing. */
const DEFAULT_POLL_INTERVAL_MS = 250;
/** How much longer than `pollIntervalMs` an idle stream's pause may grow. */
const IDLE_SLOWDOWN = 4;
/** With write notifications, the timed poll is only a safety net for writes of other clients. */
const DEFAULT_SAFETY_POLL_MS = 5_000;
/**
 * How often the shard list is read again while no shard closed. DescribeStream on every poll was
 * as many calls as GetRecords (441 of each in one ingest bench run, most of the idle JVM CPU);
 * a closed shard triggers a rediscovery at once, so its child is still read without delay. DynamoDB
 * Local opens a new shard only when it closes one (every 4 hours), so the timed read is a safety
 * net, and a rare one: every 5 s, a dozen pollers' DescribeStream calls (each a scan of the stream's
 * records in DynamoDB Local's SQLite) stalled the JVM together, and the ingest bench's slowest faults
 * came in bursts 5 s apart.
 */
const SHARD_DISCOVERY_INTERVAL_MS = 60_000;

/**
 * `ms` spread over ±25 %, so the timed work of a dozen pollers started together (safety polls, shard
 * discovery) does not reach the one DynamoDB Local JVM at the same instant, period after period.
 */
function jittered(ms: number): number {
  return ms * (0.75 + Math.random() * 0.5);
}

/**
 * The local event source mapping: reads a table's stream in DynamoDB Local shard by shard and
 * hands `DynamoDBStreamEvent` batches to the declared handler, as Lambda does. A batch that throws
 * is retried whole; a `batchItemFailures` answer retries from the first failed record (Lambda's
 * checkpoint behaviour); after `retryAttempts` the batch goes to the dead-letter queue.
 * After each batch is handled (or dead-lettered) its last sequence number is checkpointed per
 * shard, so a poller started on the same checkpoints resumes there: at least once, never skipping
 * (docs/adr/0027). A child shard is read only once its closed parent is fully handled.
 */
export class DynamoDbStreamPoller {
  readonly #options: StreamPollerOptions;
  readonly #shards = new Map<string, ShardState>();
  readonly #checkpoints: CheckpointStore;
  #streamArn: string | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  /** Passes in a row that found nothing: how far the idle pause has grown. */
  #emptyPasses = 0;
  /** When the shard list is next read; 0 = at the next poll (a shard closed). */
  #discoverAt = 0;
  /** When the pending timer fires (performance.now() ms); only read while no pass runs. */
  #dueAt = Number.POSITIVE_INFINITY;
  /** A pass is running: a write now may land after its GetRecords, so the pass is followed by another. */
  #passRunning = false;
  #wokenDuringPass = false;
  #unwatch: (() => void) | undefined;

  constructor(options: StreamPollerOptions) {
    this.#options = options;
    this.#checkpoints =
      options.checkpoints ??
      (options.checkpointDir
        ? FileCheckpointStore.in(options.checkpointDir, options.tableName, options.declaration.name)
        : new MemoryCheckpointStore());
  }

  /**
   * Positions on the stream and starts polling. With saved checkpoints each known shard resumes
   * after its checkpoint and every other shard is read from TRIM_HORIZON (it appeared after the
   * last save, so all of it is unhandled); only a consumer that never saved uses `startingPosition`.
   */
  async start(): Promise<void> {
    const table = await this.#options.dynamo.send(new DescribeTableCommand({ TableName: this.#options.tableName }));
    const arn = table.Table?.LatestStreamArn;
    if (!arn) throw new Error(`Table ${this.#options.tableName} has no stream; declare one in its module's tables.ts`);
    this.#streamArn = arn;
    const saved = await this.#checkpoints.load();
    if (saved && saved.streamArn !== arn) {
      // The table was recreated since the last save: its new stream holds nothing handled yet.
      this.#options.logger.warn('stream checkpoints belong to another stream; reading the new one from its start', {
        function: this.#options.declaration.name,
        saved: saved.streamArn,
        current: arn,
      });
    }
    const resuming = saved?.streamArn === arn ? saved : saved ? { streamArn: arn, shards: {} } : undefined;
    await this.#discoverShards(resuming);
    // DynamoDB Local's LATEST iterators can fail with TrimmedDataAccessException once the first
    // record arrives, so LATEST is emulated: read the existing shards to their end and drop that.
    if (
      !resuming &&
      (this.#options.trigger.startingPosition ?? FUNCTION_DEFAULTS.stream.startingPosition) === 'LATEST'
    ) {
      for (const [shardId, shard] of this.#shards) {
        shard.iterator = await this.#iterator(shardId, undefined);
        shard.positioned = true;
        await this.#skipToEnd(shard);
      }
    }
    // Saved at once, so a crash before the first batch still restarts as "resuming", never at LATEST.
    await this.#saveCheckpoints();
    this.#unwatch = this.#options.writes?.onWrite(this.#options.tableName, () => this.#wake());
    this.#schedule();
  }

  /** The trigger's batching window in ms: how long records gather before a batch that is not full. */
  get #windowMs(): number {
    const seconds =
      this.#options.trigger.maximumBatchingWindowSeconds ?? FUNCTION_DEFAULTS.stream.maximumBatchingWindowSeconds;
    return seconds * 1000;
  }

  /**
   * The table was written: read its stream once the batching window has passed, unless a poll is
   * due sooner. A write during a pass makes the pass poll again when it ends.
   */
  #wake(): void {
    if (this.#stopped) return;
    if (this.#passRunning) {
      this.#wokenDuringPass = true;
      return;
    }
    if (this.#dueAt <= performance.now() + this.#windowMs) return;
    clearTimeout(this.#timer);
    this.#schedule(this.#windowMs);
  }

  /** Stops polling after the pass in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unwatch?.();
    clearTimeout(this.#timer);
    await this.#chain.catch(() => undefined);
  }

  /** Polls until a pass finds no record; resolves with how many records it delivered. For tests. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      let found: number;
      try {
        found = (await this.#enqueue(() => this.#pollOnce())).delivered;
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

  /**
   * Polls again at once after a pass that read a full batch, once the batching window has passed
   * (at once without one) after a pass that found fewer records (a burst is read back to back, as
   * Lambda's mapping does), waits `pollIntervalMs` after a pass that found nothing, and longer (doubling, up to
   * `idlePollIntervalMs`) while the stream stays idle. With write notifications an idle stream
   * waits `safetyPollMs`, and a write wakes it.
   */
  #schedule(delayMs = this.#idleDelay()): void {
    if (this.#stopped) return;
    this.#dueAt = performance.now() + delayMs;
    this.#timer = setTimeout(() => {
      let pass: PollPass = { delivered: 0, full: false };
      this.#passRunning = true;
      this.#wokenDuringPass = false;
      void this.#enqueue(() => this.#pollOnce())
        .then((done) => {
          pass = done;
        })
        .catch((error: unknown) =>
          this.#options.logger.warn('stream poll failed', {
            function: this.#options.declaration.name,
            error: error as Error,
          }),
        )
        .finally(() => {
          this.#passRunning = false;
          const found = pass.delivered;
          this.#emptyPasses = found > 0 ? 0 : this.#emptyPasses + 1;
          // A full batch is handed over at once, as Lambda invokes when the batch size is reached
          // before the window ends: waiting the window after each full batch capped a consumer at one
          // batch per window (publishReadings, 500 records a second, fell behind ingest at 1,600/s).
          if (pass.full) this.#schedule(0);
          else this.#schedule(found > 0 || this.#wokenDuringPass ? this.#windowMs : undefined);
        });
    }, delayMs);
  }

  /** The pause before the next pass of a stream that found nothing `#emptyPasses` times in a row. */
  #idleDelay(): number {
    if (this.#options.writes) return jittered(this.#options.safetyPollMs ?? DEFAULT_SAFETY_POLL_MS);
    const base = this.#options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    const longest = Math.max(base, this.#options.idlePollIntervalMs ?? base * IDLE_SLOWDOWN);
    return Math.min(longest, base * 2 ** Math.max(0, this.#emptyPasses - 1));
  }

  /** Runs polls one at a time, so the background loop and `drain()` never deliver a record twice. */
  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(work, work);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Adds the stream's new shards (at their checkpoint when `saved` has one, else at TRIM_HORIZON)
   * and forgets shards the stream no longer lists (expired after 24 h).
   */
  async #discoverShards(saved?: StreamCheckpoints): Promise<void> {
    const streamArn = this.#streamArn as string;
    const listed = new Set<string>();
    let exclusiveStartShardId: string | undefined;
    do {
      const description = await this.#options.streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      for (const shard of description.StreamDescription?.Shards ?? []) {
        const shardId = shard.ShardId as string;
        listed.add(shardId);
        if (this.#shards.has(shardId)) continue;
        const checkpoint = saved?.shards[shardId];
        this.#shards.set(shardId, {
          iterator: undefined,
          positioned: false,
          done: checkpoint?.closed ?? false,
          ...(checkpoint?.sequenceNumber ? { lastSequenceNumber: checkpoint.sequenceNumber } : {}),
          ...(shard.ParentShardId ? { parentShardId: shard.ParentShardId } : {}),
        });
      }
      exclusiveStartShardId = description.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    for (const [shardId, shard] of this.#shards) {
      if (listed.has(shardId)) continue;
      if (!shard.done) {
        this.#options.logger.warn('stream shard expired before it was fully handled', {
          function: this.#options.declaration.name,
          shardId,
        });
      }
      this.#shards.delete(shardId);
    }
  }

  /**
   * Lambda reads a child shard only once its parent is fully handled, so a key's changes arrive in
   * order across a shard rollover. A parent the stream no longer lists has expired: nothing to wait for.
   */
  #ready(shard: ShardState): boolean {
    if (shard.done) return false;
    const parent = shard.parentShardId === undefined ? undefined : this.#shards.get(shard.parentShardId);
    return parent === undefined || parent.done;
  }

  /** An iterator just after `after`, or at the shard's start. */
  async #iterator(shardId: string, after: string | undefined): Promise<string | undefined> {
    const request = (type: 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON') =>
      this.#options.streams.send(
        new GetShardIteratorCommand({
          StreamArn: this.#streamArn as string,
          ShardId: shardId,
          ShardIteratorType: type,
          ...(type === 'AFTER_SEQUENCE_NUMBER' ? { SequenceNumber: after } : {}),
        }),
      );
    if (!after) return (await request('TRIM_HORIZON')).ShardIterator;
    try {
      return (await request('AFTER_SEQUENCE_NUMBER')).ShardIterator;
    } catch (error) {
      if ((error as Error).name !== 'TrimmedDataAccessException') throw error;
      // The checkpoint is older than the stream's 24 h retention (the stack was down that long):
      // what is left starts at TRIM_HORIZON, as a Lambda mapping would carry on.
      this.#options.logger.warn('stream checkpoint was trimmed; resuming at TRIM_HORIZON', {
        function: this.#options.declaration.name,
        shardId,
      });
      return (await request('TRIM_HORIZON')).ShardIterator;
    }
  }

  async #saveCheckpoints(): Promise<void> {
    const shards: Record<string, { sequenceNumber?: string; closed?: boolean }> = {};
    for (const [shardId, shard] of this.#shards) {
      shards[shardId] = {
        ...(shard.lastSequenceNumber ? { sequenceNumber: shard.lastSequenceNumber } : {}),
        ...(shard.done ? { closed: true } : {}),
      };
    }
    await this.#checkpoints.save({ streamArn: this.#streamArn as string, shards });
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

  async #pollOnce(): Promise<PollPass> {
    if (this.#stopped || !this.#streamArn) return { delivered: 0, full: false };
    if (performance.now() >= this.#discoverAt) {
      await this.#discoverShards();
      this.#discoverAt = performance.now() + jittered(SHARD_DISCOVERY_INTERVAL_MS);
    }
    let delivered = 0;
    let full = false;
    // Map order is discovery order, so a parent that finishes in this pass lets its child go next.
    for (const [shardId, shard] of this.#shards) {
      if (!this.#ready(shard)) continue;
      if (!shard.positioned) {
        shard.iterator = await this.#iterator(shardId, shard.lastSequenceNumber);
        shard.positioned = true;
      }
      if (!shard.iterator) {
        shard.done = true;
        this.#discoverAt = 0;
        await this.#saveCheckpoints();
        continue;
      }
      let page: GetRecordsCommandOutput;
      try {
        page = await this.#getRecords(shard.iterator);
      } catch (error) {
        const name = (error as Error).name;
        if (name !== 'TrimmedDataAccessException' && name !== 'ExpiredIteratorException') throw error;
        // Replace the iterator and carry on from the last record handled.
        shard.iterator = await this.#iterator(shardId, shard.lastSequenceNumber);
        if (!shard.iterator) continue;
        page = await this.#getRecords(shard.iterator);
      }
      const fresh = page.Records ?? [];
      if (fresh.length >= this.#batchSize) full = true;
      if (fresh.length > 0) {
        delivered += fresh.length;
        await this.#deliver(
          shardId,
          fresh.map((record) => this.#toLambdaRecord(record)),
        );
        // Only now, after the handler succeeded (or the batch was dead-lettered): a crash before
        // this line re-delivers the batch, never skips it.
        shard.lastSequenceNumber = fresh.at(-1)?.dynamodb?.SequenceNumber ?? shard.lastSequenceNumber;
      }
      shard.iterator = page.NextShardIterator;
      if (!page.NextShardIterator) {
        shard.done = true;
        // Its child shard exists by now: read the list at the next poll, not in 5 s.
        this.#discoverAt = 0;
      }
      if (fresh.length > 0 || shard.done) await this.#saveCheckpoints();
    }
    return { delivered, full };
  }

  #getRecords(iterator: string): Promise<GetRecordsCommandOutput> {
    return this.#options.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: this.#batchSize }));
  }

  /** The trigger's batch size: the records one GetRecords asks for, and so one invocation's most. */
  get #batchSize(): number {
    return this.#options.trigger.batchSize ?? FUNCTION_DEFAULTS.stream.batchSize;
  }

  async #deliver(shardId: string, records: DynamoDBRecord[]): Promise<void> {
    const { logger, declaration, trigger, deadLetters } = this.#options;
    const maxRetries = trigger.retryAttempts ?? FUNCTION_DEFAULTS.stream.retryAttempts;
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
