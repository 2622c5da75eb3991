import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import { tenantCursor } from '../../../platform/dynamodb/tenant-cursor.js';
import type { KbArticle } from '../domain/article.js';
import type { CannedResponse } from '../domain/canned-response.js';
import type { LibraryPage, TenantCollection } from '../ports/library-store.js';
import { TICKETS_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** One kind of a tenant's items in the tickets table: `TENANT#t` / `<PREFIX>#<id>`. */
export class DynamoDbTenantCollection<T> implements TenantCollection<T> {
  private readonly cursor;

  constructor(
    private readonly props: {
      readonly client: DynamoDBDocumentClient;
      readonly tableName: string;
      readonly entity: string;
      readonly key: (id: string) => string;
    },
  ) {
    this.cursor = tenantCursor(props.entity, ID);
  }

  async list(tenantId: string, limit: number, cursor?: string): Promise<LibraryPage<T>> {
    const after = cursor === undefined ? undefined : this.cursor.decode(cursor, tenantId);
    const { Items = [], LastEvaluatedKey } = await this.props.client.send(
      new QueryCommand({
        TableName: this.props.tableName,
        KeyConditionExpression: after
          ? 'pk = :pk AND sk BETWEEN :after AND :end'
          : 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.tenant(tenantId),
          ...(after
            ? { ':after': `${this.props.key(after)}\u0000`, ':end': `${this.props.key('')}\uffff` }
            : { ':prefix': this.props.key('') }),
        },
        Limit: limit,
      }),
    );
    const items = Items.map((item) => this.of(item));
    const last = Items.at(-1);
    return LastEvaluatedKey && last
      ? { items, nextCursor: this.cursor.encode(tenantId, String(last.id ?? last.articleId)) }
      : { items };
  }

  async get(tenantId: string, id: string): Promise<T | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({ TableName: this.props.tableName, Key: { pk: keys.tenant(tenantId), sk: this.props.key(id) } }),
    );
    return Item && Item.tenantId === tenantId ? this.of(Item) : undefined;
  }

  async put(item: T & { readonly tenantId: string }, id: string, mode: 'create' | 'replace'): Promise<boolean> {
    try {
      await this.props.client.send(
        new PutCommand({
          TableName: this.props.tableName,
          Item: { pk: keys.tenant(item.tenantId), sk: this.props.key(id), entity: this.props.entity, ...item },
          ConditionExpression: mode === 'create' ? 'attribute_not_exists(pk)' : 'attribute_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    try {
      await this.props.client.send(
        new DeleteCommand({
          TableName: this.props.tableName,
          Key: { pk: keys.tenant(tenantId), sk: this.props.key(id) },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  private of(item: Record<string, unknown>): T {
    return withoutStorageAttributes(item) as unknown as T;
  }
}

/** Binds the tenants' canned responses in the tickets table. */
export const dynamoDbCannedResponses = tableAdapter<TenantCollection<CannedResponse>>(
  TICKETS_TABLE,
  ({ client, tableName }) =>
    new DynamoDbTenantCollection<CannedResponse>({ client, tableName, entity: ENTITY.canned, key: keys.canned }),
);

/** Binds the tenants' knowledge-base articles in the tickets table (the bot reads them too). */
export const dynamoDbArticles = tableAdapter<TenantCollection<KbArticle>>(
  TICKETS_TABLE,
  ({ client, tableName }) =>
    new DynamoDbTenantCollection<KbArticle>({ client, tableName, entity: ENTITY.article, key: keys.article }),
);
