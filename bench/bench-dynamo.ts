import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock } from '../functions/platform/clock.js';
import type { RepositoryAdapter } from '../functions/platform/dynamodb/table-adapter.js';
import { createTables, type TableNames, tableNames } from '../local/dynamodb/create-tables.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../local/dynamodb/dynamodb-local.js';

/** A bench's own DynamoDB Local and its clients, as {@link withBenchDynamo} hands them over. */
export interface BenchDynamo {
  readonly raw: DynamoDBClient;
  /** The document client the repositories take (undefined values removed, as the stacks configure it). */
  readonly client: DynamoDBDocumentClient;
  /** Creates every table of the modules under `prefix` and binds repositories to them. */
  tables(prefix: string): Promise<BenchTables>;
}

/** The tables of one bench run and a way to bind an adapter to its table. */
export interface BenchTables {
  readonly names: TableNames;
  build<P>(adapter: RepositoryAdapter<P>): P;
}

/**
 * Runs `body` against a DynamoDB Local of its own (started as the tests and `npm start` start it,
 * in memory) and stops it afterwards, whatever `body` does.
 */
export async function withBenchDynamo<T>(body: (dynamo: BenchDynamo) => Promise<T>): Promise<T> {
  const dynamo = await startDynamoDbLocal();
  try {
    const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
    return await body({
      raw,
      client,
      async tables(prefix) {
        const names = tableNames(prefix);
        await createTables(raw, names);
        return {
          names,
          build: (adapter) =>
            adapter.create({ client, tableName: names[adapter.table.id] as string, clock: systemClock }),
        };
      },
    });
  } finally {
    await dynamo.stop();
  }
}
