import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createTables, type TableNames, tableNames } from '../../local/dynamodb/create-tables.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/dynamodb/dynamodb-local.js';

export interface TestDatabase {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  readonly tables: TableNames;
}

/**
 * Creates every declared table under a fresh prefix in the run's DynamoDB Local, without the TTL
 * sweeper: suites run on fixed clocks whose dates fall behind the wall clock, and the sweeper would
 * delete their connections, dedupe marks and timers mid-test (tickets-api lost its agents' sockets).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const endpoint = inject('dynamoEndpoint');
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tables = tableNames(`t${randomBytes(4).toString('hex')}`);
  await createTables(client, tables, { timeToLive: false });
  return { endpoint, client, documentClient, tables };
}
