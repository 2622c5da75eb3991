import { DeleteItemCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { TABLE_LIST } from '../../functions/modules/registry.js';
import type { TableNames } from './create-tables.js';

/** The key of the item that gives each stream its first record; no entity reads it. */
export const STREAM_START_KEY = { pk: { S: '#stream-start' }, sk: { S: '#stream-start' } } as const;

/**
 * Gives every streamed table's stream a record at once: puts and deletes {@link STREAM_START_KEY},
 * so the table is left as it was and its stream holds an INSERT and a REMOVE of an item no consumer
 * reads (each skips entities that are not its own).
 *
 * Why (docs/adr/0072): DynamoDB Local keeps every table's stream records in one SQLite table, and
 * every request to a streamed table describes its stream, which takes the shard's first record by
 * scanning that shared table from its start. A stream whose first record comes late (the alerts table
 * gets none until the first alert) makes that scan cross everything written before it: after 27k
 * telemetry readings, each alerts-table request cost the JVM about twice as much, and the ingest
 * bench's fault run was twice as slow. Local only: DynamoDB Streams in AWS has no such scan.
 */
export async function startStreams(client: DynamoDBClient, names: TableNames): Promise<void> {
  for (const definition of TABLE_LIST) {
    const TableName = names[definition.id];
    if (!definition.stream || !TableName) continue;
    await client.send(new PutItemCommand({ TableName, Item: STREAM_START_KEY }));
    await client.send(new DeleteItemCommand({ TableName, Key: STREAM_START_KEY }));
  }
}
