import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { tenantCursor } from '../../../platform/dynamodb/tenant-cursor.js';
import { OAUTH_CLIENT_ID_PATTERN, type OAuthClient } from '../domain/oauth-client.js';
import type { OAuthClientPage, OAuthClientRepository } from '../ports/oauth-client-repository.js';
import { INTEGRATIONS_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

const cursor = tenantCursor('clientId', OAUTH_CLIENT_ID_PATTERN);

/**
 * A client is one item keyed by its client id (`OAUTHCLIENT#<clientId>`), found by the authorizer
 * from a verified token's `client_id` in one GetItem, plus a copy in its tenant's partition for the
 * admin's list; both written, and revoked, in one transaction (docs/adr/0113).
 */
export class DynamoDbOAuthClientRepository implements OAuthClientRepository {
  constructor(private readonly props: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {}

  async create(client: OAuthClient): Promise<void> {
    const put = (pk: string, sk: string, entity: string) => ({
      Put: {
        TableName: this.props.tableName,
        Item: { pk, sk, entity, ...client },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    await this.props.client.send(
      new TransactWriteCommand({
        TransactItems: [
          put(keys.oauthClient(client.clientId), keys.oauthClientRecord(), ENTITY.oauthClient),
          put(keys.tenant(client.tenantId), keys.tenantOAuthClient(client.clientId), ENTITY.oauthClientIndex),
        ],
      }),
    );
  }

  async find(clientId: string, consistent = false): Promise<OAuthClient | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.oauthClient(clientId), sk: keys.oauthClientRecord() },
        ConsistentRead: consistent,
      }),
    );
    return Item ? (withoutStorageAttributes(Item) as unknown as OAuthClient) : undefined;
  }

  async list(tenantId: string, page: { readonly limit: number; readonly cursor?: string }): Promise<OAuthClientPage> {
    const after = page.cursor === undefined ? undefined : cursor.decode(page.cursor, tenantId);
    const result = await this.props.client.send(
      new QueryCommand({
        TableName: this.props.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': keys.tenantOAuthClientPrefix() },
        Limit: page.limit,
        ...(after ? { ExclusiveStartKey: { pk: keys.tenant(tenantId), sk: keys.tenantOAuthClient(after) } } : {}),
      }),
    );
    const items = (result.Items ?? []).map((item) => withoutStorageAttributes(item) as unknown as OAuthClient);
    const last = items.at(-1);
    return {
      items,
      ...(result.LastEvaluatedKey && last ? { nextCursor: cursor.encode(tenantId, last.clientId) } : {}),
    };
  }

  async revoke(tenantId: string, clientId: string, at: string): Promise<OAuthClient | undefined> {
    const update = (pk: string, sk: string) => ({
      Update: {
        TableName: this.props.tableName,
        Key: { pk, sk },
        UpdateExpression: 'SET revokedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND tenantId = :tenant AND attribute_not_exists(revokedAt)',
        ExpressionAttributeValues: { ':at': at, ':tenant': tenantId },
      },
    });
    try {
      await this.props.client.send(
        new TransactWriteCommand({
          TransactItems: [
            update(keys.oauthClient(clientId), keys.oauthClientRecord()),
            update(keys.tenant(tenantId), keys.tenantOAuthClient(clientId)),
          ],
        }),
      );
    } catch (error) {
      // Another tenant's, unknown, or revoked already: the reads below tell which.
      if (!(error instanceof TransactionCanceledException)) throw error;
    }
    const client = await this.find(clientId, true);
    return client && client.tenantId === tenantId ? client : undefined;
  }
}

/** Binds the integrations table through {@link DynamoDbOAuthClientRepository}. */
export const dynamoDbOAuthClientRepository = tableAdapter<OAuthClientRepository>(
  INTEGRATIONS_TABLE,
  (parts) => new DynamoDbOAuthClientRepository(parts),
);
