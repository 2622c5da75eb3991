import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { SlaPolicy } from '../domain/sla.js';
import type { SlaPolicyStore } from '../ports/sla-policy-store.js';
import { TICKETS_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

/** One item per tenant in the tickets table (docs/adr/0101). */
export class DynamoDbSlaPolicyStore implements SlaPolicyStore {
  constructor(private readonly props: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {}

  async get(tenantId: string): Promise<SlaPolicy | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({ TableName: this.props.tableName, Key: { pk: keys.tenant(tenantId), sk: keys.policy() } }),
    );
    return Item && Item.tenantId === tenantId ? (Item.policy as SlaPolicy) : undefined;
  }

  async put(tenantId: string, policy: SlaPolicy): Promise<void> {
    await this.props.client.send(
      new PutCommand({
        TableName: this.props.tableName,
        Item: { pk: keys.tenant(tenantId), sk: keys.policy(), entity: ENTITY.policy, tenantId, policy },
      }),
    );
  }
}

/** Binds the tickets table through {@link DynamoDbSlaPolicyStore}. */
export const dynamoDbSlaPolicyStore = tableAdapter<SlaPolicyStore>(
  TICKETS_TABLE,
  ({ client, tableName }) => new DynamoDbSlaPolicyStore({ client, tableName }),
);
