import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Clock, systemClock } from '../../../platform/clock.js';
import { queryAll } from '../../../platform/dynamodb/query-all.js';
import { epochSeconds } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { Connection, ConnectionRepository } from '../ports/connection-repository.js';
import { CONNECTIONS_TABLE } from '../tables.js';

export interface DynamoDbConnectionRepositoryProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** @default systemClock */
  readonly clock?: Clock;
  /**
   * How long a connection is kept when its $disconnect never arrives. API Gateway closes a
   * WebSocket after 2 hours at most, so a little more than that. @default 10800
   */
  readonly ttlSeconds?: number;
}

/** Live WebSocket connections, found per tenant through the `byTenant` index. */
export class DynamoDbConnectionRepository implements ConnectionRepository {
  private readonly clock: Clock;
  private readonly ttlSeconds: number;

  constructor(private readonly props: DynamoDbConnectionRepositoryProps) {
    this.clock = props.clock ?? systemClock;
    this.ttlSeconds = props.ttlSeconds ?? 10_800;
  }

  async put(connection: Connection): Promise<void> {
    const connectedAt = Date.parse(connection.connectedAt);
    const base = Number.isNaN(connectedAt) ? this.clock.now() : new Date(connectedAt);
    await this.props.client.send(
      new PutCommand({
        TableName: this.props.tableName,
        Item: {
          connectionId: connection.connectionId,
          tenantId: connection.tenantId,
          userId: connection.userId,
          roles: [...connection.roles],
          connectedAt: connection.connectedAt,
          expiresAt: epochSeconds(base) + this.ttlSeconds,
        },
      }),
    );
  }

  async remove(connectionId: string): Promise<void> {
    await this.props.client.send(new DeleteCommand({ TableName: this.props.tableName, Key: { connectionId } }));
  }

  async get(connectionId: string): Promise<Connection | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({ TableName: this.props.tableName, Key: { connectionId } }),
    );
    return Item && !this.expired(Item) ? toConnection(Item) : undefined;
  }

  async listByTenant(tenantId: string): Promise<Connection[]> {
    const items = await queryAll(this.props.client, {
      TableName: this.props.tableName,
      IndexName: 'byTenant',
      KeyConditionExpression: 'tenantId = :tenantId',
      ExpressionAttributeValues: { ':tenantId': tenantId },
    });
    return items.filter((item) => !this.expired(item)).map(toConnection);
  }

  /** TTL deletes lag by up to days: an expired item is already gone as far as callers are concerned. */
  private expired(item: Record<string, unknown>): boolean {
    return typeof item.expiresAt === 'number' && item.expiresAt <= epochSeconds(this.clock.now());
  }
}

function toConnection(item: Record<string, unknown>): Connection {
  return {
    connectionId: String(item.connectionId),
    tenantId: String(item.tenantId),
    userId: String(item.userId),
    roles: Array.isArray(item.roles) ? (item.roles as Connection['roles']) : [],
    connectedAt: String(item.connectedAt),
  };
}

/** Binds the connections table through {@link DynamoDbConnectionRepository}. */
export const dynamoDbConnectionRepository = tableAdapter<ConnectionRepository>(
  CONNECTIONS_TABLE,
  (parts) => new DynamoDbConnectionRepository(parts),
);
