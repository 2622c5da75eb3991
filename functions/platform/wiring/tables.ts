/**
 * Table definitions as plain data. Each module defines its own tables (`modules/<name>/tables.ts`);
 * the CDK stateful stack and the local stack both create them from the registry, so key schemas can
 * never drift between the two runtimes. See docs/adr/0003-table-design.md for the key design.
 */
export type AttributeType = 'S' | 'N';

export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}

export type StreamView = 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY';

export interface TableDefinition {
  /** Logical name: construct id in CDK, the base of the physical name locally. */
  readonly id: string;
  /** Environment variable through which a bound function learns the physical table name. */
  readonly envVar: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly timeToLiveAttribute?: string;
  /** Set only where a declared stream handler consumes the table. */
  readonly stream?: StreamView;
  readonly globalSecondaryIndexes?: readonly IndexDefinition[];
}

/** The generic single-table keys most tables use: `pk` + `sk`, both strings. */
export const PK_SK = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
} as const satisfies Pick<TableDefinition, 'partitionKey' | 'sortKey'>;

/** Checks the definition's names once, where a module declares it. */
export function defineTable<T extends TableDefinition>(definition: T): T {
  if (!/^[a-z][a-zA-Z0-9]*$/.test(definition.id)) throw new Error(`Table id '${definition.id}' must be camelCase`);
  if (!/^[A-Z][A-Z0-9_]*_TABLE$/.test(definition.envVar)) {
    throw new Error(`Table ${definition.id}: envVar '${definition.envVar}' must be UPPER_SNAKE ending in _TABLE`);
  }
  return definition;
}
