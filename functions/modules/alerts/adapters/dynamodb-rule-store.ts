import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../../platform/dynamodb/query-all.js';
import { withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { Rule } from '../domain/rule.js';
import type { RuleStore, TenantRules } from '../ports/rule-store.js';
import { ALERTS_TABLE } from '../tables.js';
import { ENTITY, keys } from './keys.js';

export interface DynamoDbRuleStoreProps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

const MAX_ATTEMPTS = 6;

/**
 * A tenant's rules in the alerts table: `RULE#<ruleId>` items beside a `RULESET` item whose
 * `version` every write bumps in the same transaction, so a cache can ask "did anything change?"
 * with one small read (docs/adr/0070).
 */
export class DynamoDbRuleStore implements RuleStore {
  constructor(private readonly props: DynamoDbRuleStoreProps) {}

  async list(tenantId: string): Promise<TenantRules> {
    const items = await queryAll(this.props.client, {
      TableName: this.props.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': keys.rulesPrefix() },
      ConsistentRead: true,
    });
    // Read after the rules: a write landing in between bumps the version past what is cached.
    const version = await this.version(tenantId);
    return { rules: items.map(toRule), version };
  }

  async version(tenantId: string): Promise<number> {
    const { Item } = await this.props.client.send(
      new GetCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.tenant(tenantId), sk: keys.rulesVersion() },
        ProjectionExpression: 'version',
      }),
    );
    return typeof Item?.version === 'number' ? Item.version : 0;
  }

  async get(tenantId: string, ruleId: string): Promise<Rule | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({
        TableName: this.props.tableName,
        Key: { pk: keys.tenant(tenantId), sk: keys.rule(ruleId) },
        ConsistentRead: true,
      }),
    );
    return Item ? toRule(Item) : undefined;
  }

  async create(tenantId: string, rule: Rule): Promise<boolean> {
    return this.write(tenantId, {
      Put: { Item: this.item(tenantId, rule), ConditionExpression: 'attribute_not_exists(pk)' },
    });
  }

  async put(tenantId: string, rule: Rule): Promise<void> {
    await this.write(tenantId, { Put: { Item: this.item(tenantId, rule) } });
  }

  async delete(tenantId: string, ruleId: string): Promise<boolean> {
    return this.write(tenantId, {
      Delete: {
        Key: { pk: keys.tenant(tenantId), sk: keys.rule(ruleId) },
        ConditionExpression: 'attribute_exists(pk)',
      },
    });
  }

  private item(tenantId: string, rule: Rule): Record<string, unknown> {
    return { ...rule, pk: keys.tenant(tenantId), sk: keys.rule(rule.ruleId), entity: ENTITY.rule, tenantId };
  }

  /** The change and the version bump in one transaction; false when the change's condition failed. */
  private async write(
    tenantId: string,
    change:
      | { Put: { Item: Record<string, unknown>; ConditionExpression?: string } }
      | { Delete: { Key: Record<string, string>; ConditionExpression: string } },
  ): Promise<boolean> {
    const TableName = this.props.tableName;
    const first = 'Put' in change ? { Put: { TableName, ...change.Put } } : { Delete: { TableName, ...change.Delete } };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.props.client.send(
          new TransactWriteCommand({
            TransactItems: [
              first,
              {
                Update: {
                  TableName,
                  Key: { pk: keys.tenant(tenantId), sk: keys.rulesVersion() },
                  UpdateExpression: 'SET entity = :entity ADD version :one',
                  ExpressionAttributeValues: { ':entity': ENTITY.rulesVersion, ':one': 1 },
                },
              },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        if (error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
        if (attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * Math.random()));
      }
    }
  }
}

function toRule(item: Record<string, unknown>): Rule {
  const { tenantId: _tenantId, ...rule } = withoutStorageAttributes(item);
  return rule as unknown as Rule;
}

/** Binds the alerts table through {@link DynamoDbRuleStore}. */
export const dynamoDbRuleStore = tableAdapter<RuleStore>(ALERTS_TABLE, (parts) => new DynamoDbRuleStore(parts));
