import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableAdapter } from '../../../platform/dynamodb/table-adapter.js';
import type { Severity } from '../domain/channels.js';
import type { EscalationPolicy } from '../domain/escalation.js';
import {
  DEFAULT_TENANT_POLICY,
  type NotificationPreferences,
  type TenantNotificationPolicy,
} from '../domain/preferences.js';
import type { DeliverySettings, NotificationSettings } from '../ports/notification-settings.js';
import { NOTIFICATIONS_TABLE } from '../tables.js';
import { notificationKeys as keys, NOTIFICATION_ENTITIES } from './keys.js';

/** Preferences, the tenant policy and escalation policies as items of the tenant's partition. */
export class DynamoDbNotificationSettings implements NotificationSettings {
  constructor(private readonly props: { readonly client: DynamoDBDocumentClient; readonly tableName: string }) {}

  async getPreferences(tenantId: string, userId: string): Promise<NotificationPreferences | undefined> {
    const item = await this.get(tenantId, keys.preferences(userId));
    return item?.preferences as NotificationPreferences | undefined;
  }

  async putPreferences(tenantId: string, userId: string, preferences: NotificationPreferences): Promise<void> {
    await this.put(tenantId, keys.preferences(userId), NOTIFICATION_ENTITIES.preferences, { userId, preferences });
  }

  async preferencesOf(tenantId: string, userIds: readonly string[]): Promise<Map<string, NotificationPreferences>> {
    return preferencesIn(
      await this.getMany(
        tenantId,
        [...new Set(userIds)].map((userId) => keys.preferences(userId)),
      ),
    );
  }

  async deliverySettingsOf(tenantId: string, userIds: readonly string[]): Promise<DeliverySettings> {
    const items = await this.getMany(tenantId, [
      keys.tenantPolicy(),
      ...[...new Set(userIds)].map((userId) => keys.preferences(userId)),
    ]);
    const policy = items.find((item) => item.sk === keys.tenantPolicy())?.policy as
      | TenantNotificationPolicy
      | undefined;
    return { policy: policy ?? DEFAULT_TENANT_POLICY, preferences: preferencesIn(items) };
  }

  async getTenantPolicy(tenantId: string): Promise<TenantNotificationPolicy> {
    const item = await this.get(tenantId, keys.tenantPolicy());
    return (item?.policy as TenantNotificationPolicy | undefined) ?? DEFAULT_TENANT_POLICY;
  }

  async hasTenantPolicy(tenantId: string): Promise<boolean> {
    return (await this.get(tenantId, keys.tenantPolicy())) !== undefined;
  }

  async putTenantPolicy(tenantId: string, policy: TenantNotificationPolicy): Promise<void> {
    await this.put(tenantId, keys.tenantPolicy(), NOTIFICATION_ENTITIES.tenantPolicy, { policy });
  }

  async getEscalationPolicy(tenantId: string, severity: Severity): Promise<EscalationPolicy | undefined> {
    const item = await this.get(tenantId, keys.escalationPolicy(severity));
    return item?.policy as EscalationPolicy | undefined;
  }

  async putEscalationPolicy(tenantId: string, severity: Severity, policy: EscalationPolicy): Promise<void> {
    await this.put(tenantId, keys.escalationPolicy(severity), NOTIFICATION_ENTITIES.escalationPolicy, {
      severity,
      policy,
    });
  }

  /** The items of the tenant's partition with these sort keys, by BatchGetItem (100 keys a request). */
  private async getMany(tenantId: string, sortKeys: readonly string[]): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for (let i = 0; i < sortKeys.length; i += 100) {
      let request: Record<string, { Keys: Record<string, string>[] }> | undefined = {
        [this.props.tableName]: { Keys: sortKeys.slice(i, i + 100).map((sk) => ({ pk: keys.tenant(tenantId), sk })) },
      };
      for (let round = 0; request && Object.keys(request).length > 0 && round < 10; round++) {
        const result = await this.props.client.send(new BatchGetCommand({ RequestItems: request }));
        found.push(...(result.Responses?.[this.props.tableName] ?? []));
        request = result.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  private async get(tenantId: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.props.client.send(
      new GetCommand({ TableName: this.props.tableName, Key: { pk: keys.tenant(tenantId), sk } }),
    );
    return Item;
  }

  private async put(tenantId: string, sk: string, entity: string, attributes: Record<string, unknown>): Promise<void> {
    await this.props.client.send(
      new PutCommand({
        TableName: this.props.tableName,
        Item: { pk: keys.tenant(tenantId), sk, entity, tenantId, ...attributes },
      }),
    );
  }
}

/** The preferences among `items`, by user id. */
function preferencesIn(items: readonly Record<string, unknown>[]): Map<string, NotificationPreferences> {
  const found = new Map<string, NotificationPreferences>();
  for (const item of items) {
    if (String(item.sk).startsWith(keys.preferences(''))) {
      found.set(item.userId as string, item.preferences as NotificationPreferences);
    }
  }
  return found;
}

/** Binds the notifications table through {@link DynamoDbNotificationSettings}. */
export const dynamoDbNotificationSettings = tableAdapter<NotificationSettings>(
  NOTIFICATIONS_TABLE,
  (parts) => new DynamoDbNotificationSettings(parts),
);
