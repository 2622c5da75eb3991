import type { Severity } from '../domain/channels.js';
import type { EscalationPolicy } from '../domain/escalation.js';
import type { NotificationPreferences, TenantNotificationPolicy } from '../domain/preferences.js';

/** What deciding a delivery reads of the settings: the tenant's policy and the people's preferences. */
export interface DeliverySettings {
  /** The tenant's policy, or DEFAULT_TENANT_POLICY. */
  readonly policy: TenantNotificationPolicy;
  /** By user id; a user who never saved any is absent (the tenant's defaults apply). */
  readonly preferences: ReadonlyMap<string, NotificationPreferences>;
}

/** A user's saved preferences, the tenant's policy and its escalation policies. */
export interface NotificationSettings {
  /** Undefined when the user never saved any (the tenant's defaults apply). */
  getPreferences(tenantId: string, userId: string): Promise<NotificationPreferences | undefined>;
  putPreferences(tenantId: string, userId: string, preferences: NotificationPreferences): Promise<void>;
  /** The preferences of many users of one tenant, by user id (missing ones absent). */
  preferencesOf(tenantId: string, userIds: readonly string[]): Promise<Map<string, NotificationPreferences>>;
  /** {@link getTenantPolicy} and {@link preferencesOf} in one read (one BatchGetItem up to 99 people). */
  deliverySettingsOf(tenantId: string, userIds: readonly string[]): Promise<DeliverySettings>;
  /** The tenant's policy, or DEFAULT_TENANT_POLICY. */
  getTenantPolicy(tenantId: string): Promise<TenantNotificationPolicy>;
  /** True when the tenant set its own policy (GET shows `isDefault` otherwise). */
  hasTenantPolicy(tenantId: string): Promise<boolean>;
  putTenantPolicy(tenantId: string, policy: TenantNotificationPolicy): Promise<void>;
  /** The tenant's policy for the severity, or undefined (the default ladder applies). */
  getEscalationPolicy(tenantId: string, severity: Severity): Promise<EscalationPolicy | undefined>;
  putEscalationPolicy(tenantId: string, severity: Severity, policy: EscalationPolicy): Promise<void>;
}
