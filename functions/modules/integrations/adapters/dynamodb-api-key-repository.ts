import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../../../platform/dynamodb/batch.js';
import { withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { tenantCursor } from '../../../platform/dynamodb/tenant-cursor.js';
import { type ApiKey, LAST_USED_RESOLUTION_MS } from '../domain/api-key.js';
import type { ApiKeyPage, ApiKeyRepository } from '../ports/api-key-repository.js';
import { INTEGRATIONS_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

const cursor = tenantCursor('apiKeyId', /^key_[A-Za-z0-9]{8}$/);

/**
 * A key is one item keyed by its hash (`APIKEY#<sha256>`), found by the key alone when a request
 * carries it, plus an index entry in its tenant's partition naming the hash, for the admin's list
 * and for revocation; both written in one transaction. Revocation marks both (kept for audit).
 */
export class DynamoDbApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly props: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {}

  async create(key: ApiKey, hash: string): Promise<void> {
    await this.props.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.props.tableName,
              Item: { pk: keys.apiKey(hash), sk: keys.apiKeyRecord(), entity: ENTITY.apiKey, ...key },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: this.props.tableName,
              Item: {
                pk: keys.tenant(key.tenantId),
                sk: keys.tenantApiKey(key.apiKeyId),
                entity: ENTITY.apiKeyIndex,
                apiKeyId: key.apiKeyId,
                hash,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  }

  async findByHash(hash: string): Promise<ApiKey | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({ TableName: this.props.tableName, Key: { pk: keys.apiKey(hash), sk: keys.apiKeyRecord() } }),
    );
    return Item ? (withoutStorageAttributes(Item) as unknown as ApiKey) : undefined;
  }

  async list(tenantId: string, page: { readonly limit: number; readonly cursor?: string }): Promise<ApiKeyPage> {
    const after = page.cursor === undefined ? undefined : cursor.decode(page.cursor, tenantId);
    const result = await this.props.client.send(
      new QueryCommand({
        TableName: this.props.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': keys.tenantApiKeyPrefix() },
        Limit: page.limit,
        ...(after ? { ExclusiveStartKey: { pk: keys.tenant(tenantId), sk: keys.tenantApiKey(after) } } : {}),
      }),
    );
    const index = (result.Items ?? []).map((item) => ({ apiKeyId: String(item.apiKeyId), hash: String(item.hash) }));
    const records = await batchGetAll(
      this.props.client,
      this.props.tableName,
      index.map((entry) => ({ pk: keys.apiKey(entry.hash), sk: keys.apiKeyRecord() })),
    );
    const byId = new Map(
      records.map((item) => [String(item.apiKeyId), withoutStorageAttributes(item) as unknown as ApiKey]),
    );
    const items = index.flatMap((entry) => {
      const key = byId.get(entry.apiKeyId);
      return key && key.tenantId === tenantId ? [key] : [];
    });
    const last = index.at(-1);
    return {
      items,
      ...(result.LastEvaluatedKey && last ? { nextCursor: cursor.encode(tenantId, last.apiKeyId) } : {}),
    };
  }

  async revoke(tenantId: string, apiKeyId: string, at: string): Promise<ApiKey | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.tenant(tenantId), sk: keys.tenantApiKey(apiKeyId) },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const hash = String(Item.hash);
    try {
      await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: { pk: keys.apiKey(hash), sk: keys.apiKeyRecord() },
          UpdateExpression: 'SET revokedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND tenantId = :tenant AND attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: { ':at': at, ':tenant': tenantId },
        }),
      );
    } catch (error) {
      // Revoked already: revoking again changes nothing.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return this.findByHash(hash);
  }

  async touch(_key: ApiKey, hash: string, at: string): Promise<void> {
    const staleBefore = new Date(Date.parse(at) - LAST_USED_RESOLUTION_MS).toISOString();
    try {
      await this.props.client.send(
        new UpdateCommand({
          TableName: this.props.tableName,
          Key: { pk: keys.apiKey(hash), sk: keys.apiKeyRecord() },
          UpdateExpression: 'SET lastUsedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt <= :stale)',
          ExpressionAttributeValues: { ':at': at, ':stale': staleBefore },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

/** Binds the integrations table through {@link DynamoDbApiKeyRepository}. */
export const dynamoDbApiKeyRepository = tableAdapter<ApiKeyRepository>(
  INTEGRATIONS_TABLE,
  (parts) => new DynamoDbApiKeyRepository(parts),
);
