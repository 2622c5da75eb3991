import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Called after a write to the table it listens to succeeded. */
export type TableWriteListener = () => void;

/** The commands that can add records to a table's stream, by the name the SDK gives their context. */
const SINGLE_TABLE_WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
]);
const BATCH_WRITES = new Set(['BatchWriteItemCommand', 'BatchWriteCommand']);
const TRANSACT_WRITES = new Set(['TransactWriteItemsCommand', 'TransactWriteCommand']);
/** PartiQL names its table inside the statement: every listener is told. */
const STATEMENT_WRITES = new Set([
  'ExecuteStatementCommand',
  'BatchExecuteStatementCommand',
  'ExecuteTransactionCommand',
]);

interface WriteInput {
  readonly TableName?: string;
  readonly RequestItems?: Record<string, unknown>;
  readonly TransactItems?: readonly Record<string, { readonly TableName?: string } | undefined>[];
}

/**
 * Tells the local stream pollers that a table was written, so a record is read when it exists
 * instead of at the next timed poll (docs/adr/0028). A Lambda event source mapping polls each shard
 * about four times a second and DynamoDB answers those polls for free; DynamoDB Local answers every
 * GetRecords on the one JVM that the handlers' own reads and writes wait on, and an idle shard's
 * GetRecords scans its stored records (~140 ms of JVM CPU with 20,000 of them). Waking on the
 * stack's own writes keeps latency low without polling: only writes made through this client are
 * seen, so a poller still polls on a timer as a safety net for writes from elsewhere.
 */
export class TableWrites {
  readonly #listeners = new Map<string, Set<TableWriteListener>>();

  /**
   * Adds the notifying middleware to a client's stack: every command sent through it, or through a
   * `DynamoDBDocumentClient` made from it (which shares the stack), is seen once it succeeded.
   */
  watch(client: DynamoDBClient): this {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        this.#written(context.commandName, args.input as WriteInput);
        return result;
      },
      { step: 'initialize', name: 'fleetopsLocalTableWrites', override: true },
    );
    return this;
  }

  /** Calls `listener` after each successful write to `tableName`; returns the unsubscribe. */
  onWrite(tableName: string, listener: TableWriteListener): () => void {
    let listeners = this.#listeners.get(tableName);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(tableName, listeners);
    }
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  #written(commandName: string | undefined, input: WriteInput | undefined): void {
    if (!commandName || !input) return;
    if (SINGLE_TABLE_WRITES.has(commandName)) {
      if (input.TableName) this.#notify(input.TableName);
    } else if (BATCH_WRITES.has(commandName)) {
      for (const tableName of Object.keys(input.RequestItems ?? {})) this.#notify(tableName);
    } else if (TRANSACT_WRITES.has(commandName)) {
      const tables = new Set<string>();
      for (const item of input.TransactItems ?? []) {
        // A ConditionCheck writes nothing, so it adds no stream record.
        for (const kind of ['Put', 'Update', 'Delete'] as const) {
          const tableName = item[kind]?.TableName;
          if (tableName) tables.add(tableName);
        }
      }
      for (const tableName of tables) this.#notify(tableName);
    } else if (STATEMENT_WRITES.has(commandName)) {
      for (const tableName of this.#listeners.keys()) this.#notify(tableName);
    }
  }

  #notify(tableName: string): void {
    for (const listener of this.#listeners.get(tableName) ?? []) listener();
  }
}
