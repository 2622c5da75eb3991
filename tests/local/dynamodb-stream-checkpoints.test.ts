import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTS_TABLE } from '../../functions/modules/alerts/tables.js';
import type { StreamTrigger } from '../../functions/platform/wiring/declaration.js';
import { DeadLetterQueue } from '../../local/bus/dead-letter-queue.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/dynamodb/dynamodb-local.js';
import { type CheckpointStore, FileCheckpointStore } from '../../local/streams/checkpoint-store.js';
import { DynamoDbStreamPoller } from '../../local/streams/dynamodb-stream-poller.js';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';
import { streamConsumerDeclaration } from '../support/stream-consumer.js';

const logger = new Logger({ logLevel: 'SILENT' });
const trigger: StreamTrigger = { kind: 'stream', table: ALERTS_TABLE, batchSize: 2, startingPosition: 'LATEST' };
const declaration = streamConsumerDeclaration(trigger);

/** A consumer that records what it finished and can be made to hang forever, like a process that died. */
class Consumer {
  readonly finished: string[] = [];
  readonly received: string[][] = [];
  hang = false;
  #entered: (() => void) | undefined;

  /** Resolves when a batch arrives while `hang` is set. */
  hung(): Promise<void> {
    return new Promise((resolve) => {
      this.#entered = resolve;
    });
  }

  readonly invoke = async (event: DynamoDBStreamEvent): Promise<void> => {
    const keys = event.Records.map((record) => record.dynamodb?.Keys?.sk?.S as string);
    this.received.push(keys);
    if (this.hang) {
      this.#entered?.();
      await new Promise(() => undefined); // never settles: the process "died" inside the handler
    }
    this.finished.push(...keys);
  };
}

describe('DynamoDB stream checkpoints (a restart resumes where the handler left off)', () => {
  let db: TestDatabase;
  let streams: DynamoDBStreamsClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    streams = new DynamoDBStreamsClient({
      endpoint: db.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
  });
  afterAll(() => {
    streams?.destroy();
    db?.documentClient.destroy();
    db?.client.destroy();
  });

  const put = async (...keys: string[]) => {
    for (const sk of keys)
      await db.documentClient.send(new PutCommand({ TableName: db.tables.alerts, Item: { pk: 'T#x', sk } }));
  };
  // A long interval: only drain() drives the pollers, so each step of the test is deterministic.
  const poller = (checkpoints: CheckpointStore, consumer: Consumer) =>
    new DynamoDbStreamPoller({
      dynamo: db.client,
      streams,
      tableName: db.tables.alerts as string,
      declaration,
      trigger,
      invoke: consumer.invoke,
      logger,
      deadLetters: new DeadLetterQueue(),
      region: LOCAL_REGION,
      pollIntervalMs: 600_000,
      checkpoints,
    });

  it('after a crash inside the handler, a new poller re-delivers the unfinished batch and everything after it', async () => {
    // Prepare: a brand-new consumer (no checkpoint file) starts at LATEST, so k0 is not its business.
    const file = join(mkdtempSync(join(tmpdir(), 'ckpt-')), 'consumer.json');
    await put('k0');
    const first = new Consumer();
    const crashed = poller(new FileCheckpointStore(file), first);
    await crashed.start();
    await put('k1', 'k2', 'k3', 'k4');
    await crashed.drain();
    first.hang = true;
    await put('k5', 'k6', 'k7');
    const hung = first.hung();
    void crashed.drain();
    await hung; // the handler holds [k5, k6]; k7 was never read
    // "Crash": the poller is dropped without stop(), its handler never returns; k8 and k9 arrive while it is down.
    await put('k8', 'k9');

    // Act: a new poller on the same checkpoint file.
    const second = new Consumer();
    const restarted = poller(new FileCheckpointStore(file), second);
    await restarted.start();
    await restarted.drain();
    await restarted.stop();

    // Assess: finished batches are not re-read, the unfinished one is, and nothing is skipped.
    expect(first.finished).toEqual(['k1', 'k2', 'k3', 'k4']);
    expect(first.received.at(-1)).toEqual(['k5', 'k6']);
    expect(second.finished).toEqual(['k5', 'k6', 'k7', 'k8', 'k9']);
    expect(new Set([...first.finished, ...second.finished])).toEqual(
      new Set(['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']),
    );
    const saved = JSON.parse(await readFile(file, 'utf8')) as { shards: Record<string, { sequenceNumber: string }> };
    expect(Object.values(saved.shards).some((shard) => shard.sequenceNumber !== undefined)).toBe(true);
  });

  it('after a crash between handler success and checkpoint, the batch is delivered again (at least once, never skipped)', async () => {
    // Prepare: a store whose next save never completes, like a process killed in the middle of it.
    const file = join(mkdtempSync(join(tmpdir(), 'ckpt-')), 'consumer.json');
    const durable = new FileCheckpointStore(file);
    let dieOnSave = false;
    let died: () => void = () => undefined;
    const dying = new Promise<void>((resolve) => {
      died = resolve;
    });
    const store: CheckpointStore = {
      load: () => durable.load(),
      save: (checkpoints) => {
        if (!dieOnSave) return durable.save(checkpoints);
        died();
        return new Promise(() => undefined);
      },
    };
    const first = new Consumer();
    const crashed = poller(store, first);
    await crashed.start();
    await put('m1', 'm2');
    await crashed.drain();
    dieOnSave = true;
    await put('m3', 'm4');
    void crashed.drain();
    await dying;

    // Act
    const second = new Consumer();
    const restarted = poller(new FileCheckpointStore(file), second);
    await restarted.start();
    await restarted.drain();
    await restarted.stop();

    // Assess: m3 and m4 were handled, but their checkpoint was not written, so they come again.
    expect(first.finished).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(second.finished).toEqual(['m3', 'm4']);
  });

  it('a graceful restart re-delivers nothing and picks up what was written while stopped', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ckpt-')), 'consumer.json');
    const first = new Consumer();
    const before = poller(new FileCheckpointStore(file), first);
    await before.start();
    await put('g1');
    await before.drain();
    await before.stop();
    await put('g2');

    const second = new Consumer();
    const after = poller(new FileCheckpointStore(file), second);
    await after.start();
    await after.drain();
    await after.stop();

    expect(first.finished).toEqual(['g1']);
    expect(second.finished).toEqual(['g2']);
  });
});
