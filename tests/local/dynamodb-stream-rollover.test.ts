import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ALERTS_TABLE } from '../../functions/modules/alerts/tables.js';
import type { StreamTrigger } from '../../functions/platform/wiring/declaration.js';
import { DeadLetterQueue } from '../../local/bus/dead-letter-queue.js';
import { MemoryCheckpointStore } from '../../local/streams/checkpoint-store.js';
import { DynamoDbStreamPoller } from '../../local/streams/dynamodb-stream-poller.js';
import { streamConsumerDeclaration } from '../support/stream-consumer.js';

const STREAM_ARN = 'arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/1';
const trigger: StreamTrigger = { kind: 'stream', table: ALERTS_TABLE, batchSize: 10, startingPosition: 'LATEST' };
const declaration = streamConsumerDeclaration(trigger);

interface FakeShard {
  readonly id: string;
  readonly parent?: string;
  readonly closed: boolean;
  readonly records: string[];
}

/**
 * A scripted stream after a rollover: DynamoDB Local closes a shard and opens a child only every
 * 4 hours, too slow for a test, so the Streams API is played back from this description.
 */
function fakeStream(shards: FakeShard[]) {
  const calls: string[] = [];
  const seq = (shard: FakeShard, index: number) => `${shard.id}:${String(index).padStart(3, '0')}`;
  const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const input = command.input;
    switch (command.constructor.name) {
      case 'DescribeTableCommand':
        return { Table: { LatestStreamArn: STREAM_ARN } };
      case 'DescribeStreamCommand':
        return {
          StreamDescription: {
            Shards: shards.map((s) => ({ ShardId: s.id, ...(s.parent ? { ParentShardId: s.parent } : {}) })),
          },
        };
      case 'GetShardIteratorCommand': {
        const shard = shards.find((s) => s.id === input.ShardId) as FakeShard;
        calls.push(`iterator ${shard.id} ${String(input.ShardIteratorType)}`);
        const after = input.SequenceNumber as string | undefined;
        const start = after ? shard.records.findIndex((_, i) => seq(shard, i) === after) + 1 : 0;
        return { ShardIterator: `${shard.id}|${start}` };
      }
      case 'GetRecordsCommand': {
        const [id, from] = String(input.ShardIterator).split('|') as [string, string];
        const shard = shards.find((s) => s.id === id) as FakeShard;
        const start = Number(from);
        const page = shard.records.slice(start, start + Number(input.Limit ?? 100));
        const next = start + page.length;
        calls.push(`read ${id} ${page.join(',')}`);
        return {
          Records: page.map((key, i) => ({
            eventID: `${id}-${start + i}`,
            eventName: 'INSERT',
            dynamodb: { Keys: { sk: { S: key } }, SequenceNumber: seq(shard, start + i) },
          })),
          // A closed shard read to its end has no next iterator; an open one always has.
          ...(shard.closed && next >= shard.records.length ? {} : { NextShardIterator: `${id}|${next}` }),
        };
      }
      default:
        throw new Error(`unexpected ${command.constructor.name}`);
    }
  };
  return { client: { send } as unknown, calls, seq };
}

describe('DynamoDB stream shard rollover across a restart', () => {
  it('drains a closed parent from its checkpoint before reading its child from TRIM_HORIZON, and forgets expired shards', async () => {
    // Prepare: before the crash the consumer had handled p1 of shard P; P then closed (rollover)
    // and child C took the writes. Shard OLD expired from the stream while the stack was down.
    const parent: FakeShard = { id: 'P', closed: true, records: ['p1', 'p2', 'p3'] };
    const child: FakeShard = { id: 'C', parent: 'P', closed: false, records: ['c1', 'c2'] };
    const stream = fakeStream([child, parent]); // listed child first: order must come from the parent link
    const checkpoints = new MemoryCheckpointStore();
    await checkpoints.save({
      streamArn: STREAM_ARN,
      shards: { P: { sequenceNumber: stream.seq(parent, 0) }, OLD: { sequenceNumber: 'x', closed: true } },
    });
    const batches: string[][] = [];
    const poller = new DynamoDbStreamPoller({
      dynamo: stream.client as DynamoDBClient,
      streams: stream.client as DynamoDBStreamsClient,
      tableName: 't',
      declaration,
      trigger,
      invoke: async (event: DynamoDBStreamEvent) => {
        batches.push(event.Records.map((r) => r.dynamodb?.Keys?.sk?.S as string));
      },
      logger: new Logger({ logLevel: 'SILENT' }),
      deadLetters: new DeadLetterQueue(),
      region: 'us-east-1',
      pollIntervalMs: 600_000,
      checkpoints,
    });

    // Act
    await poller.start();
    await poller.drain();
    await poller.stop();

    // Assess: P resumes after p1 (not at LATEST), is finished before C is touched, C starts at its beginning.
    expect(batches).toEqual([
      ['p2', 'p3'],
      ['c1', 'c2'],
    ]);
    expect(stream.calls.findIndex((call) => call.startsWith('iterator C'))).toBeGreaterThan(
      stream.calls.indexOf('read P p2,p3'),
    );
    expect(stream.calls).toContain('iterator P AFTER_SEQUENCE_NUMBER');
    expect(stream.calls).toContain('iterator C TRIM_HORIZON');
    expect(await checkpoints.load()).toEqual({
      streamArn: STREAM_ARN,
      shards: {
        C: { sequenceNumber: stream.seq(child, 1) },
        P: { sequenceNumber: stream.seq(parent, 2), closed: true },
      },
    });
  });

  it('a brand-new consumer (nothing saved) starts at LATEST and saves that position at once', async () => {
    const shard: FakeShard = { id: 'S', closed: false, records: ['old1', 'old2'] };
    const stream = fakeStream([shard]);
    const checkpoints = new MemoryCheckpointStore();
    const batches: string[][] = [];
    const poller = new DynamoDbStreamPoller({
      dynamo: stream.client as DynamoDBClient,
      streams: stream.client as DynamoDBStreamsClient,
      tableName: 't',
      declaration,
      trigger,
      invoke: async (event: DynamoDBStreamEvent) => {
        batches.push(event.Records.map((r) => r.dynamodb?.Keys?.sk?.S as string));
      },
      logger: new Logger({ logLevel: 'SILENT' }),
      deadLetters: new DeadLetterQueue(),
      region: 'us-east-1',
      pollIntervalMs: 600_000,
      checkpoints,
    });

    await poller.start();
    await poller.drain();
    await poller.stop();

    // The saved baseline is what makes a crash before the first batch resume instead of skipping.
    expect(batches).toEqual([]);
    expect(await checkpoints.load()).toEqual({
      streamArn: STREAM_ARN,
      shards: { S: { sequenceNumber: stream.seq(shard, 1) } },
    });
  });
});
