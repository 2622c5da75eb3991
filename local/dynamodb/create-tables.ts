import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLE_LIST } from '../../functions/modules/registry.js';
import type { TableDefinition } from '../../functions/platform/wiring/tables.js';

/** Physical table names by table id. */
export type TableNames = Readonly<Record<string, string>>;

/** Physical table names for a prefix: `fleetops-dev-alerts`, `t1a2b-alerts` in a test. */
export function tableNames(prefix: string): TableNames {
  return Object.fromEntries(TABLE_LIST.map((t) => [t.id, `${prefix}-${t.id}`]));
}

/** The CreateTable input for a definition: the local twin of what the CDK stateful stack declares. */
export function createTableInput(definition: TableDefinition, tableName: string): CreateTableCommandInput {
  const keys = [
    definition.partitionKey,
    definition.sortKey,
    ...(definition.globalSecondaryIndexes ?? []).flatMap((i) => [i.partitionKey, i.sortKey]),
  ].filter((k) => k !== undefined);
  const attributeDefinitions = [
    ...new Map(keys.map((k) => [k.name, { AttributeName: k.name, AttributeType: k.type }])).values(),
  ];
  const keySchema = (pk: { name: string }, sk?: { name: string }) => [
    { AttributeName: pk.name, KeyType: 'HASH' as const },
    ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributeDefinitions,
    KeySchema: keySchema(definition.partitionKey, definition.sortKey),
    ...(definition.globalSecondaryIndexes?.length
      ? {
          GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: 'ALL' },
          })),
        }
      : {}),
    ...(definition.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } } : {}),
  };
}

/** Options of {@link createTables}. */
export interface CreateTablesOptions {
  /**
   * Whether DynamoDB Local's TTL sweeper deletes expired items. It measures expiry on the wall
   * clock, so a test on a fixed clock in the past would see its items vanish at random moments;
   * the adapters treat an expired item as gone themselves, so tests turn the sweeper off.
   * @default true
   */
  readonly timeToLive?: boolean;
}

/** Creates every declared table that does not exist yet (idempotent, so restarts keep data). */
export async function createTables(
  client: DynamoDBClient,
  names: TableNames,
  options: CreateTablesOptions = {},
): Promise<void> {
  const timeToLive = options.timeToLive ?? true;
  for (const definition of TABLE_LIST) {
    const tableName = names[definition.id] ?? `fleetops-local-${definition.id}`;
    try {
      await client.send(new CreateTableCommand(createTableInput(definition, tableName)));
      if (timeToLive && definition.timeToLiveAttribute) {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName: tableName,
            TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
          }),
        );
      }
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  }
}
