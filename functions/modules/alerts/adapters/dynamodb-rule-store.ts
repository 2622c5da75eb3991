import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../../platform/dynamodb/query-all.js';
import { withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { Rule } from '../domain/rule.js';
import type { RuleStore, StoredRule, TenantRules } from '../ports/rule-store.js';
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

  async get(tenantId: string, ruleId: string): Promise<StoredRule | undefined> {
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
    return this.replace(tenantId, rule, 0);
  }

  async replace(tenantId: string, rule: Rule, expectedRevision: number): Promise<boolean> {
    return this.write(tenantId, {
      Put: {
        Item: this.item(tenantId, rule, expectedRevision + 1),
        ...revisionCondition(expectedRevision),
      },
    });
  }

  async delete(tenantId: string, ruleId: string, expectedRevision?: number): Promise<boolean> {
    return this.write(tenantId, {
      Delete: {
        Key: { pk: keys.tenant(tenantId), sk: keys.rule(ruleId) },
        ...(expectedRevision === undefined || expectedRevision === 0
          ? { ConditionExpression: 'attribute_exists(pk)' }
          : revisionCondition(expectedRevision)),
      },
    });
  }

  private item(tenantId: string, rule: Rule, revision: number): Record<string, unknown> {
    const { revision: _given, ...fields } = rule as Rule & { revision?: number };
    return {
      ...fields,
      revision,
      pk: keys.tenant(tenantId),
      sk: keys.rule(rule.ruleId),
      entity: ENTITY.rule,
      tenantId,
    };
  }

  /** The change and the version bump in one transaction; false when the change's condition failed. */
  private async write(
    tenantId: string,
    change:
      | { Put: { Item: Record<string, unknown> } & WriteCondition }
      | { Delete: { Key: Record<string, string> } & WriteCondition },
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

/** A condition expression with its values. */
type WriteCondition = { ConditionExpression: string; ExpressionAttributeValues?: Record<string, unknown> };

/** "The stored rule is at this revision"; revision 0 means none is stored. */
function revisionCondition(expectedRevision: number): WriteCondition {
  if (expectedRevision === 0) return { ConditionExpression: 'attribute_not_exists(pk)' };
  // A rule written before revisions existed has none: it counts as revision 1.
  const legacy = expectedRevision === 1 ? ' OR (attribute_exists(pk) AND attribute_not_exists(revision))' : '';
  return {
    ConditionExpression: `revision = :expected${legacy}`,
    ExpressionAttributeValues: { ':expected': expectedRevision },
  };
}

function toRule(item: Record<string, unknown>): StoredRule {
  const { tenantId: _tenantId, revision, ...rule } = withoutStorageAttributes(item);
  return { ...(rule as unknown as Rule), revision: typeof revision === 'number' ? revision : 1 };
}

/** Binds the alerts table through {@link DynamoDbRuleStore}. */
export const dynamoDbRuleStore = tableAdapter<RuleStore>(ALERTS_TABLE, (parts) => new DynamoDbRuleStore(parts));
