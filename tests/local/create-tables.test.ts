import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { TABLES } from '../../functions/modules/registry.js';
import { createTestDatabase } from '../support/dynamodb.js';

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
});
