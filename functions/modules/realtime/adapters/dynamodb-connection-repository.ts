import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Clock, systemClock } from '../../../platform/clock.js';
import { queryAll } from '../../../platform/dynamodb/query-all.js';
import { epochSeconds } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import {
  type Connection,
  type ConnectionRepository,
  STAFF_ROLES,
  type SubscribeOutcome,
} from '../ports/connection-repository.js';
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

/**
 * Live WebSocket connections, found per tenant (`byTenant`), per person (`byUser`) or among the
 * tenant's staff (`staffByTenant`, sparse).
 */
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
          tenantUser: tenantUser(connection.tenantId, connection.userId),
          ...(connection.roles.some((role) => STAFF_ROLES.includes(role)) ? { staffTenant: connection.tenantId } : {}),
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
      new GetCommand({ TableName: this.props.tableName, Key: { connectionId }, ConsistentRead: true }),
    );
    return Item && !this.expired(Item) ? toConnection(Item) : undefined;
  }

  async listByTenant(tenantId: string): Promise<Connection[]> {
    return this.listIndex('byTenant', 'tenantId', tenantId, tenantId);
  }

  async listByUsers(tenantId: string, userIds: readonly string[]): Promise<Connection[]> {
    const lists = await Promise.all(
      [...new Set(userIds)].map((userId) =>
        this.listIndex('byUser', 'tenantUser', tenantUser(tenantId, userId), tenantId),
      ),
    );
    return lists.flat();
  }

  async listStaff(tenantId: string): Promise<Connection[]> {
    return this.listIndex('staffByTenant', 'staffTenant', tenantId, tenantId);
  }

  /** One partition of an index; only live connections of `tenantId` (checked on the item too). */
  private async listIndex(indexName: string, key: string, value: string, tenantId: string): Promise<Connection[]> {
    const items = await queryAll(this.props.client, {
      TableName: this.props.tableName,
      IndexName: indexName,
      KeyConditionExpression: '#key = :value',
      ExpressionAttributeNames: { '#key': key },
      ExpressionAttributeValues: { ':value': value },
    });
    return items.filter((item) => item.tenantId === tenantId && !this.expired(item)).map(toConnection);
  }

  async subscribePositions(
    connectionId: string,
    tenantId: string,
    vehicleId: string,
    max: number,
  ): Promise<SubscribeOutcome> {
    try {
      await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: { connectionId },
          UpdateExpression: 'ADD positionSubscriptions :one',
          ConditionExpression:
            'attribute_exists(connectionId) AND tenantId = :tenantId AND (attribute_not_exists(positionSubscriptions) OR size(positionSubscriptions) < :max OR contains(positionSubscriptions, :vehicleId))',
          ExpressionAttributeValues: {
            ':one': new Set([vehicleId]),
            ':tenantId': tenantId,
            ':max': max,
            ':vehicleId': vehicleId,
          },
        }),
      );
      return 'subscribed';
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      const current = await this.get(connectionId);
      return current?.tenantId === tenantId ? 'too-many' : 'not-connected';
    }
  }

  async unsubscribePositions(connectionId: string, tenantId: string, vehicleId: string): Promise<boolean> {
    try {
      await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: { connectionId },
          UpdateExpression: 'DELETE positionSubscriptions :one',
          ConditionExpression: 'attribute_exists(connectionId) AND tenantId = :tenantId',
          ExpressionAttributeValues: { ':one': new Set([vehicleId]), ':tenantId': tenantId },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async claimPositions(
    connectionId: string,
    version: number,
    sentAt: Readonly<Record<string, number>>,
  ): Promise<boolean> {
    try {
      await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: { connectionId },
          UpdateExpression: 'SET positionSentAt = :sentAt, positionVersion = :next',
          ConditionExpression:
            'attribute_exists(connectionId) AND (positionVersion = :version OR (attribute_not_exists(positionVersion) AND :version = :zero))',
          ExpressionAttributeValues: { ':sentAt': sentAt, ':next': version + 1, ':version': version, ':zero': 0 },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /** TTL deletes lag by up to days: an expired item is already gone as far as callers are concerned. */
  private expired(item: Record<string, unknown>): boolean {
    return typeof item.expiresAt === 'number' && item.expiresAt <= epochSeconds(this.clock.now());
  }
}

/** The `byUser` key: tenant ids are validated ids without `#` (claims), so the pair is unambiguous. */
function tenantUser(tenantId: string, userId: string): string {
  return `${tenantId}#${userId}`;
}

function toConnection(item: Record<string, unknown>): Connection {
  const subscriptions = item.positionSubscriptions instanceof Set ? [...item.positionSubscriptions].map(String) : [];
  return {
    connectionId: String(item.connectionId),
    tenantId: String(item.tenantId),
    userId: String(item.userId),
    roles: Array.isArray(item.roles) ? (item.roles as Connection['roles']) : [],
    connectedAt: String(item.connectedAt),
    ...(subscriptions.length > 0 ? { positionSubscriptions: subscriptions.sort() } : {}),
    ...(isRecord(item.positionSentAt) ? { positionSentAt: item.positionSentAt as Record<string, number> } : {}),
    ...(typeof item.positionVersion === 'number' ? { positionVersion: item.positionVersion } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Set);
}

function isConditionFailed(error: unknown): boolean {
  return (error as Error | null)?.name === 'ConditionalCheckFailedException';
}

/** Binds the connections table through {@link DynamoDbConnectionRepository}. */
export const dynamoDbConnectionRepository = tableAdapter<ConnectionRepository>(
  CONNECTIONS_TABLE,
  (parts) => new DynamoDbConnectionRepository(parts),
);
