import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { TABLES } from '../../functions/modules/registry.js';
import { createTables, tableNames } from '../../local/dynamodb/create-tables.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/dynamodb/dynamodb-local.js';
import { createTestDatabase } from '../support/dynamodb.js';

/** An item of the connections table (TTL on `expiresAt`) that expired an hour ago on the wall clock. */
const expiredAnHourAgo = (connectionId: string) => ({
  connectionId,
  tenantId: 'acme',
  userId: 'acme-agent',
  roles: ['agent'],
  expiresAt: Math.floor(Date.now() / 1000) - 3600,
});

describe('createTables (local twin of the stateful stack)', () => {
  it('creates every declared table with its keys, indexes and stream', async () => {
    const db = await createTestDatabase();

    const alerts = await db.client.send(new DescribeTableCommand({ TableName: db.tables.alerts }));

    expect(alerts.Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(alerts.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(
      TABLES.alerts?.globalSecondaryIndexes?.map((i) => i.indexName).sort(),
    );
    expect(alerts.Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const connections = await db.client.send(new DescribeTableCommand({ TableName: db.tables.connections }));
    expect(connections.Table?.StreamSpecification?.StreamEnabled ?? false).toBe(false);
  });

  // DynamoDB Local's sweeper deletes on the wall clock. The local stack wants it (its clock is the
  // wall clock); a suite on a fixed clock a week behind lost its agents' connections mid-test.
  it('turns TTL on for the local stack, and off for tests on fixed clocks, whose expired items stay', async () => {
    const endpoint = inject('dynamoEndpoint');
    const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const documentClient = DynamoDBDocumentClient.from(client);
    const stackTables = tableNames(`ttl${Date.now().toString(36)}`);
    await createTables(client, stackTables);
    const test = await createTestDatabase();
    const ttl = async (tableName: string) =>
      (await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription;
    const put = (tableName: string, id: string) =>
      documentClient.send(new PutCommand({ TableName: tableName, Item: expiredAnHourAgo(id) }));
    const exists = async (tableName: string, id: string) =>
      (await documentClient.send(new GetCommand({ TableName: tableName, Key: { connectionId: id } }))).Item !==
      undefined;

    await put(stackTables.connections as string, 'stack-1');
    await put(test.tables.connections as string, 'test-1');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // DynamoDB Local's sweeper ran within ~1 s here

    expect(await ttl(stackTables.connections as string)).toMatchObject({ TimeToLiveStatus: 'ENABLED' });
    expect(await ttl(test.tables.connections as string)).toMatchObject({ TimeToLiveStatus: 'DISABLED' });
    expect(await exists(test.tables.connections as string, 'test-1')).toBe(true);
  });
});
