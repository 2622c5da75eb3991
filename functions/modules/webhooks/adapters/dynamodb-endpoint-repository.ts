import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../../platform/dynamodb/query-all.js';
import { withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { tenantCursor } from '../../../platform/dynamodb/tenant-cursor.js';
import { type DisabledReason, ENDPOINT_ID_PATTERN, type Endpoint } from '../domain/endpoint.js';
import { EndpointChanged } from '../errors.js';
import type { EndpointPage, EndpointRepository } from '../ports/endpoint-repository.js';
import { WEBHOOKS_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

const cursor = tenantCursor('endpointId', ENDPOINT_ID_PATTERN);

const isConditionFailure = (error: unknown) => (error as Error)?.name === 'ConditionalCheckFailedException';

/**
 * Endpoints in their tenant's partition (`TENANT#t`, `EP#id`): an id of another tenant is simply
 * not there. Admin edits are conditional on `rev`; the delivery path's health writes
 * (`failingSince`, `lastSuccessAt`, disablement) update their own attributes only, so they never
 * conflict with an admin's edit.
 */
export class DynamoDbEndpointRepository implements EndpointRepository {
  constructor(private readonly props: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {}

  async create(endpoint: Omit<Endpoint, 'rev'>): Promise<Endpoint> {
    const created: Endpoint = { ...endpoint, rev: 1 };
    await this.props.client.send(
      new PutCommand({
        TableName: this.props.tableName,
        Item: this.item(created),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return created;
  }

  async get(tenantId: string, endpointId: string): Promise<Endpoint | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({ TableName: this.props.tableName, Key: this.key(tenantId, endpointId), ConsistentRead: true }),
    );
    return Item ? endpointOf(Item) : undefined;
  }

  async list(tenantId: string, page: { readonly limit: number; readonly cursor?: string }): Promise<EndpointPage> {
    const after = page.cursor === undefined ? undefined : cursor.decode(page.cursor, tenantId);
    const result = await this.props.client.send(
      new QueryCommand({
        TableName: this.props.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': keys.endpointPrefix() },
        Limit: page.limit,
        ...(after ? { ExclusiveStartKey: this.key(tenantId, after) } : {}),
      }),
    );
    const items = (result.Items ?? []).map(endpointOf);
    const last = items.at(-1);
    return {
      items,
      ...(result.LastEvaluatedKey && last ? { nextCursor: cursor.encode(tenantId, last.endpointId) } : {}),
    };
  }

  async all(tenantId: string): Promise<Endpoint[]> {
    const items = await queryAll(this.props.client, {
      TableName: this.props.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': keys.endpointPrefix() },
    });
    return items.map(endpointOf);
  }

  async replace(current: Endpoint, next: Omit<Endpoint, 'rev'>): Promise<Endpoint> {
    const written: Endpoint = { ...next, rev: current.rev + 1 };
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: this.item(written),
          ConditionExpression: 'rev = :rev',
          ExpressionAttributeValues: { ':rev': current.rev },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new EndpointChanged(current.endpointId);
      throw error;
    }
    return written;
  }

  async delete(tenantId: string, endpointId: string): Promise<boolean> {
    const { Attributes } = await this.props.client.send(
      new DeleteCommand({
        TableName: this.props.tableName,
        Key: this.key(tenantId, endpointId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes !== undefined;
  }

  async recordSuccess(tenantId: string, endpointId: string, at: string): Promise<void> {
    await this.update(tenantId, endpointId, {
      UpdateExpression: 'SET lastSuccessAt = :at REMOVE failingSince',
      ExpressionAttributeValues: { ':at': at },
    });
  }

  async recordFailure(tenantId: string, endpointId: string, at: string): Promise<Endpoint | undefined> {
    try {
      const { Attributes } = await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: this.key(tenantId, endpointId),
          UpdateExpression: 'SET failingSince = if_not_exists(failingSince, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? endpointOf(Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async disable(tenantId: string, endpointId: string, reason: DisabledReason, at: string): Promise<boolean> {
    try {
      await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: this.key(tenantId, endpointId),
          UpdateExpression: 'SET disabledAt = :at, disabledReason = :reason REMOVE disabledAnnouncedAt',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(disabledAt)',
          ExpressionAttributeValues: { ':at': at, ':reason': reason },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async claimDisabledAnnouncement(tenantId: string, endpointId: string, at: string): Promise<boolean> {
    try {
      await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: this.key(tenantId, endpointId),
          UpdateExpression: 'SET disabledAnnouncedAt = :at',
          ConditionExpression: 'attribute_exists(disabledAt) AND attribute_not_exists(disabledAnnouncedAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async releaseDisabledAnnouncement(tenantId: string, endpointId: string): Promise<void> {
    await this.update(tenantId, endpointId, {
      UpdateExpression: 'REMOVE disabledAnnouncedAt',
      ExpressionAttributeValues: {},
    });
  }

  /** An update of an endpoint that may have been deleted meanwhile (then nothing happens). */
  private async update(
    tenantId: string,
    endpointId: string,
    input: {
      UpdateExpression: string;
      ConditionExpression?: string;
      ExpressionAttributeValues: Record<string, unknown>;
    },
  ): Promise<void> {
    try {
      await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: this.key(tenantId, endpointId),
          ConditionExpression: 'attribute_exists(pk)',
          UpdateExpression: input.UpdateExpression,
          ...(Object.keys(input.ExpressionAttributeValues).length > 0
            ? { ExpressionAttributeValues: input.ExpressionAttributeValues }
            : {}),
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  private key(tenantId: string, endpointId: string) {
    return { pk: keys.tenant(tenantId), sk: keys.endpoint(endpointId) };
  }

  private item(endpoint: Endpoint): Record<string, unknown> {
    return {
      ...this.key(endpoint.tenantId, endpoint.endpointId),
      entity: ENTITY.endpoint,
      ...endpoint,
      eventTypes: [...endpoint.eventTypes],
      secrets: endpoint.secrets.map((secret) => ({ ...secret })),
    };
  }
}

function endpointOf(item: Record<string, unknown>): Endpoint {
  return withoutStorageAttributes(item) as unknown as Endpoint;
}

/** Binds the webhooks table through {@link DynamoDbEndpointRepository}. */
export const dynamoDbEndpointRepository = tableAdapter<EndpointRepository>(
  WEBHOOKS_TABLE,
  (parts) => new DynamoDbEndpointRepository(parts),
);
