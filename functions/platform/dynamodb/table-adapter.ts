import { dynamoDbDocumentClient } from '../clients/dynamodb.js';
import type { TableAccess, TableBinding, TableParts } from '../wiring/bindings.js';
import type { TableDefinition } from '../wiring/tables.js';

/** Options of {@link tableAdapter}. */
export interface TableAdapterOptions {
  /**
   * The partition keys the repository writes, as IAM `StringLike` patterns: its read-write binding
   * may write those items only (`dynamodb:LeadingKeys`). @default the whole table
   */
  readonly writeKeys?: readonly string[];
}

/** A repository over one table, bindable read-only or read-write. */
export interface RepositoryAdapter<P> {
  readonly table: TableDefinition;
  /** Binds the table for reads only (`dynamodb:GetItem`, `Query`, …). */
  readonly read: TableBinding<P>;
  /** Binds the table for reads and writes. */
  readonly readWrite: TableBinding<P>;
  /** Builds the repository from explicit parts (the local stack and tests, on DynamoDB Local). */
  readonly create: (parts: TableParts) => P;
}

/**
 * Declares how a DynamoDB repository is built, once, beside the repository: in Lambda from the
 * container's document client and the table name in the definition's env var, elsewhere from
 * explicit parts. Importing it is what puts the DynamoDB client into a function's bundle, so only
 * functions with a table binding carry it.
 */
export function tableAdapter<P>(
  table: TableDefinition,
  create: (parts: TableParts) => P,
  options: TableAdapterOptions = {},
): RepositoryAdapter<P> {
  const bind = (access: TableAccess): TableBinding<P> => ({
    kind: 'table',
    table,
    access,
    ...(access === 'readWrite' && options.writeKeys ? { writeKeys: options.writeKeys } : {}),
    env: [table.envVar],
    create,
    fromEnvironment: ({ env, basics }) =>
      create({
        client: dynamoDbDocumentClient(basics.tracer),
        tableName: env[table.envVar] as string,
        clock: basics.clock,
      }),
  });
  return { table, read: bind('read'), readWrite: bind('readWrite'), create };
}
