import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTS_TABLE } from '../../functions/modules/alerts/tables.js';
import type { StreamTrigger } from '../../functions/platform/wiring/declaration.js';
import { DeadLetterQueue } from '../../local/bus/dead-letter-queue.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/dynamodb/dynamodb-local.js';
import { DynamoDbStreamPoller } from '../../local/streams/dynamodb-stream-poller.js';
import { TableWrites } from '../../local/streams/table-writes.js';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';
import { streamConsumerDeclaration } from '../support/stream-consumer.js';

const logger = new Logger({ logLevel: 'SILENT' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 20 ms until it holds or `ms` passed; returns whether it held. */
async function within(ms: number, condition: () => boolean): Promise<boolean> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (condition()) return true;
    await sleep(20);
  }
  return condition();
}

describe('local stream pollers woken by the stack’s own writes (ADR 0028)', () => {
  let db: TestDatabase;
  let watched: DynamoDBClient;
  let watchedDoc: DynamoDBDocumentClient;
  let streams: DynamoDBStreamsClient;
  let writes: TableWrites;
  const pollers: DynamoDbStreamPoller[] = [];
  let afterGetRecords: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = { endpoint: db.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
    watched = new DynamoDBClient(config);
    writes = new TableWrites().watch(watched);
    watchedDoc = DynamoDBDocumentClient.from(watched);
    streams = new DynamoDBStreamsClient(config);
    // A hook run after a GetRecords answered: lets a test write while a pass is in progress.
    streams.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'GetRecordsCommand' && afterGetRecords) {
          const hook = afterGetRecords;
          afterGetRecords = undefined;
          await hook();
        }
        return result;
      },
      { step: 'initialize', name: 'testAfterGetRecords' },
    );
  });
  afterAll(async () => {
    for (const poller of pollers) await poller.stop();
    streams?.destroy();
    watched?.destroy();
    db?.documentClient.destroy();
    db?.client.destroy();
  });

  /** A poller whose timed poll never comes during a test: only a wake can make it read. */
  async function startPoller(trigger: StreamTrigger, invoke: (event: DynamoDBStreamEvent) => Promise<void>) {
    const declaration = streamConsumerDeclaration(trigger);
    const poller = new DynamoDbStreamPoller({
      dynamo: db.client,
      streams,
      tableName: db.tables.alerts as string,
      declaration,
      trigger,
      invoke,
      logger,
      deadLetters: new DeadLetterQueue(),
      region: LOCAL_REGION,
      writes,
      safetyPollMs: 600_000,
    });
    pollers.push(poller);
    await poller.start();
    return poller;
  }

  const keysOf = (event: DynamoDBStreamEvent) => event.Records.map((r) => r.dynamodb?.Keys?.sk?.S as string);

  it('tells a table’s listeners of each successful write, by every write command, and of nothing else', async () => {
    // Prepare
    const alerts = db.tables.alerts as string;
    const other = db.tables.telemetry as string;
    const heard: string[] = [];
    const offAlerts = writes.onWrite(alerts, () => heard.push('alerts'));
    const offOther = writes.onWrite(other, () => heard.push('other'));
    const item = (sk: string) => ({ pk: 'T#writes', sk });

    // Act + Assess, one command at a time
    await watchedDoc.send(new PutCommand({ TableName: alerts, Item: item('a') }));
    expect(heard.splice(0)).toEqual(['alerts']);
    await watchedDoc.send(
      new UpdateCommand({
        TableName: alerts,
        Key: item('a'),
        UpdateExpression: 'SET n = :n',
        ExpressionAttributeValues: { ':n': 1 },
      }),
    );
    expect(heard.splice(0)).toEqual(['alerts']);
    await watchedDoc.send(new DeleteCommand({ TableName: alerts, Key: item('a') }));
    expect(heard.splice(0)).toEqual(['alerts']);
    await watchedDoc.send(
      new BatchWriteCommand({
        RequestItems: {
          [alerts]: [{ PutRequest: { Item: item('b') } }],
          [other]: [{ PutRequest: { Item: item('b') } }],
        },
      }),
    );
    expect(heard.splice(0).sort()).toEqual(['alerts', 'other']);
    // A ConditionCheck writes nothing: only the table with a Put is told.
    await watchedDoc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: alerts, Item: item('c') } },
          { ConditionCheck: { TableName: other, Key: item('b'), ConditionExpression: 'attribute_exists(pk)' } },
        ],
      }),
    );
    expect(heard.splice(0)).toEqual(['alerts']);
    // A read, and a write that failed its condition, add no stream record: nobody is told.
    await watched.send(new GetItemCommand({ TableName: alerts, Key: { pk: { S: 'T#writes' }, sk: { S: 'c' } } }));
    await expect(
      watchedDoc.send(
        new PutCommand({ TableName: alerts, Item: item('c'), ConditionExpression: 'attribute_not_exists(pk)' }),
      ),
    ).rejects.toThrow();
    // Writes through another client are not seen (the safety poll is there for them).
    await db.documentClient.send(new PutCommand({ TableName: alerts, Item: item('d') }));
    expect(heard).toEqual([]);
    offAlerts();
    offOther();
    await watchedDoc.send(new PutCommand({ TableName: alerts, Item: item('e') }));
    expect(heard).toEqual([]);
  });

  it('reads a record as soon as the table is written, without a timed poll', async () => {
    // Prepare: the timed poll is 10 minutes away.
    const received: string[] = [];
    const poller = await startPoller({ kind: 'stream', table: ALERTS_TABLE }, async (event) => {
      received.push(...keysOf(event));
    });

    // Act: a write through another client does not wake it; one through the watched client does.
    await db.documentClient.send(new PutCommand({ TableName: db.tables.alerts, Item: { pk: 'T#wake', sk: 'unseen' } }));
    await sleep(300);
    const beforeWake = [...received];
    await watchedDoc.send(new PutCommand({ TableName: db.tables.alerts, Item: { pk: 'T#wake', sk: 'seen' } }));
    const delivered = await within(3_000, () => received.includes('seen'));
    await poller.stop();

    // Assess: nothing before the wake; both records at the wake (the first was waiting in the shard).
    expect(beforeWake).toEqual([]);
    expect(delivered).toBe(true);
    expect(received).toEqual(['unseen', 'seen']);
  });

  it('polls again after a pass that found nothing but during which the table was written', async () => {
    // Prepare: deleting an item that does not exist wakes the poller but adds no stream record, so
    // its pass finds nothing; right after that pass's GetRecords answered, a record is written.
    const received: string[] = [];
    const poller = await startPoller({ kind: 'stream', table: ALERTS_TABLE }, async (event) => {
      received.push(...keysOf(event));
    });
    const wroteDuringPass = new Promise<void>((resolve) => {
      afterGetRecords = async () => {
        await watchedDoc.send(new PutCommand({ TableName: db.tables.alerts, Item: { pk: 'T#pass', sk: 'late' } }));
        resolve();
      };
    });

    // Act
    await watchedDoc.send(new DeleteCommand({ TableName: db.tables.alerts, Key: { pk: 'T#pass', sk: 'none' } }));
    await wroteDuringPass;
    const delivered = await within(3_000, () => received.includes('late'));
    await poller.stop();

    // Assess: read by the pass after, not left for the safety poll 10 minutes away.
    expect(delivered).toBe(true);
    expect(received).toEqual(['late']);
  });

  it('with a batching window, gathers the records written within it into one batch, delivered after the window', async () => {
    // Prepare: a 1 s window; three writes 150 ms apart.
    const batches: { keys: string[]; at: number }[] = [];
    const poller = await startPoller(
      { kind: 'stream', table: ALERTS_TABLE, maximumBatchingWindowSeconds: 1 },
      async (event) => {
        batches.push({ keys: keysOf(event), at: performance.now() });
      },
    );
    const firstWrite = performance.now();

    // Act
    for (const sk of ['w1', 'w2', 'w3']) {
      await watchedDoc.send(new PutCommand({ TableName: db.tables.alerts, Item: { pk: 'T#window', sk } }));
      await sleep(150);
    }
    const delivered = await within(4_000, () => batches.flatMap((b) => b.keys).length === 3);
    await poller.stop();

    // Assess: one batch, not before the window had passed since the first write.
    expect(delivered).toBe(true);
    expect(batches.map((b) => b.keys)).toEqual([['w1', 'w2', 'w3']]);
    expect((batches[0]?.at ?? 0) - firstWrite).toBeGreaterThanOrEqual(950);
  });

  it('hands full batches over back to back, without waiting the window after each', async () => {
    // Prepare: a 2 s window and batches of 2; six records written at once.
    const batches: { keys: string[]; at: number }[] = [];
    const poller = await startPoller(
      { kind: 'stream', table: ALERTS_TABLE, batchSize: 2, maximumBatchingWindowSeconds: 2 },
      async (event) => {
        batches.push({ keys: keysOf(event), at: performance.now() });
      },
    );
    const written = performance.now();

    // Act
    await watchedDoc.send(
      new BatchWriteCommand({
        RequestItems: {
          [db.tables.alerts as string]: ['f1', 'f2', 'f3', 'f4', 'f5', 'f6'].map((sk) => ({
            PutRequest: { Item: { pk: 'T#full', sk } },
          })),
        },
      }),
    );
    const delivered = await within(8_000, () => batches.flatMap((b) => b.keys).length === 6);
    await poller.stop();

    // Assess: the first batch after the window, the other two right after it (one window per batch
    // would have put the last at 6 s).
    expect(delivered).toBe(true);
    expect(batches.map((b) => b.keys.length)).toEqual([2, 2, 2]);
    expect((batches[0]?.at ?? 0) - written).toBeGreaterThanOrEqual(1_900);
    expect((batches[2]?.at ?? 0) - (batches[0]?.at ?? 0)).toBeLessThan(1_500);
  });
});
