import { DescribeTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { TABLE_LIST } from '../../functions/modules/registry.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/dynamodb/dynamodb-local.js';
import { STREAM_START_KEY, startStreams } from '../../local/dynamodb/start-streams.js';
import { createTestDatabase } from '../support/dynamodb.js';

// docs/adr/0072: every stream gets its first record before the local stack's pollers start.
describe('startStreams (local stack)', () => {
  it('gives every streamed table an INSERT and a REMOVE of one start item, and leaves the table empty', async () => {
    // Prepare
    const db = await createTestDatabase();
    const streams = new DynamoDBStreamsClient({
      endpoint: db.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const streamed = TABLE_LIST.filter((t) => t.stream).map((t) => db.tables[t.id] as string);

    // Act
    await startStreams(db.client, db.tables);

    // Assess
    expect(streamed.length).toBeGreaterThan(3);
    for (const TableName of streamed) {
      const { Items = [] } = await db.client.send(new ScanCommand({ TableName }));
      expect(Items).toEqual([]);
      const { Table } = await db.client.send(new DescribeTableCommand({ TableName }));
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: Table?.LatestStreamArn,
          // DynamoDB Local opens one shard per stream; its id is the stream's first.
          ShardId: (await describeFirstShard(streams, Table?.LatestStreamArn as string)) as string,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      const { Records = [] } = await streams.send(new GetRecordsCommand({ ShardIterator }));
      expect(Records.map((r) => [r.eventName, r.dynamodb?.Keys])).toEqual([
        ['INSERT', STREAM_START_KEY],
        ['REMOVE', STREAM_START_KEY],
      ]);
    }
    streams.destroy();
  });
});

async function describeFirstShard(streams: DynamoDBStreamsClient, streamArn: string): Promise<string | undefined> {
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  return StreamDescription?.Shards?.[0]?.ShardId;
}
