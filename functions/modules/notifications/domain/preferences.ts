import { type Channel, type ChannelsBySeverity, normaliseChannels, SEVERITIES, type Severity } from './channels.js';
import type { DigestSettings } from './digest.js';
import type { QuietHours } from './quiet-hours.js';

/** A user's notification preferences (contract: `GET|PUT /v1/me/notification-preferences`). */
export interface NotificationPreferences {
  readonly channels: ChannelsBySeverity;
  readonly quietHours?: QuietHours;
  readonly digest?: DigestSettings;
}

/**
 * A tenant's notification policy: the defaults a user starts from, what no user may turn off, and
 * whether a CRITICAL alert may break through quiet hours (for users who allow it).
 */
export interface TenantNotificationPolicy {
  readonly defaults: ChannelsBySeverity;
  /** Channels a user cannot turn off per severity. CRITICAL in-app is always among them. */
  readonly required: ChannelsBySeverity;
  readonly criticalBreaksQuietHours: boolean;
}

/** The floor of every policy: a CRITICAL alert always reaches the in-app inbox. */
export const ALWAYS_REQUIRED: ChannelsBySeverity = { CRITICAL: ['in_app'], HIGH: [], MEDIUM: [], LOW: [], INFO: [] };

/** The policy of a tenant that has not set one. */
export const DEFAULT_TENANT_POLICY: TenantNotificationPolicy = {
  defaults: {
    CRITICAL: ['in_app', 'push', 'sms'],
    HIGH: ['in_app', 'push', 'sms'],
    MEDIUM: ['in_app', 'push'],
    LOW: ['in_app'],
    INFO: ['in_app'],
  },
  required: ALWAYS_REQUIRED,
  criticalBreaksQuietHours: true,
};

/** What the tenant requires for a severity: its own list and the platform floor. */
export function requiredChannels(policy: TenantNotificationPolicy, severity: Severity): Channel[] {
  return normaliseChannels([...policy.required[severity], ...ALWAYS_REQUIRED[severity]]);
}

/** The preferences of a user who never saved any: the tenant's defaults, no quiet hours, no digest. */
export function defaultPreferences(policy: TenantNotificationPolicy): NotificationPreferences {
  return { channels: policy.defaults };
}

/** A channel the user tried to turn off that the tenant's policy requires. */
export interface RequiredChannelOff {
  readonly severity: Severity;
  readonly channel: Channel;
}

/** Every required channel the preferences leave out (empty: they may be saved). */
export function requiredChannelsOff(
  preferences: NotificationPreferences,
  policy: TenantNotificationPolicy,
): RequiredChannelOff[] {
  return SEVERITIES.flatMap((severity) =>
    requiredChannels(policy, severity)
      .filter((channel) => !preferences.channels[severity].includes(channel))
      .map((channel) => ({ severity, channel })),
  );
}

/**
 * The channels a user is told on for a severity: their choice (or the tenant's default), always
 * with what the tenant requires, even if stored preferences predate a stricter policy.
 */
export function resolveChannels(
  preferences: NotificationPreferences | undefined,
  policy: TenantNotificationPolicy,
  severity: Severity,
): Channel[] {
  const chosen = (preferences ?? defaultPreferences(policy)).channels[severity];
  return normaliseChannels([...chosen, ...requiredChannels(policy, severity)]);
}
