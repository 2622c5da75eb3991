/**
 * Table definitions as plain data. The CDK stateful stack creates tables from these and the local
 * stack creates the same tables in DynamoDB Local from these, so key schemas can never drift
 * between the two runtimes. See docs/adr/0003-table-design.md for the key design.
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
  readonly id: TableId;
  /** Environment variable through which a bound function learns the physical table name. */
  readonly envVar: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly timeToLiveAttribute?: string;
  /** Set only where a declared stream handler consumes the table. */
  readonly stream?: StreamView;
  readonly globalSecondaryIndexes?: readonly IndexDefinition[];
}

export type TableId = 'fleet' | 'telemetry' | 'alerts' | 'connections';

const pk: KeyAttribute = { name: 'pk', type: 'S' };
const sk: KeyAttribute = { name: 'sk', type: 'S' };

export const TABLES: Readonly<Record<TableId, TableDefinition>> = {
  /** Tenants, users, vehicles and their live state, on-call numbers: the fleet's master data. */
  fleet: {
    id: 'fleet',
    envVar: 'FLEET_TABLE',
    partitionKey: pk,
    sortKey: sk,
    timeToLiveAttribute: 'expiresAt',
  },
  /** Raw readings, one item per (vehicle, ts): the item key is the idempotency key. */
  telemetry: {
    id: 'telemetry',
    envVar: 'TELEMETRY_TABLE',
    partitionKey: pk,
    sortKey: sk,
    timeToLiveAttribute: 'expiresAt',
  },
  /** Alerts, the open-alert locks that make one fault raise one alert, delivery records. */
  alerts: {
    id: 'alerts',
    envVar: 'ALERTS_TABLE',
    partitionKey: pk,
    sortKey: sk,
    timeToLiveAttribute: 'expiresAt',
    stream: 'NEW_AND_OLD_IMAGES',
    globalSecondaryIndexes: [
      { indexName: 'byStatus', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
      { indexName: 'byVehicle', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
    ],
  },
  /** Live WebSocket connections; the TTL reaps connections whose $disconnect never arrived. */
  connections: {
    id: 'connections',
    envVar: 'CONNECTIONS_TABLE',
    partitionKey: { name: 'connectionId', type: 'S' },
    timeToLiveAttribute: 'expiresAt',
    globalSecondaryIndexes: [
      {
        indexName: 'byTenant',
        partitionKey: { name: 'tenantId', type: 'S' },
        sortKey: { name: 'connectionId', type: 'S' },
      },
    ],
  },
};

export const TABLE_LIST: readonly TableDefinition[] = Object.values(TABLES);
