import type { Role } from '../auth/roles.js';
import { apiRequest } from './http.js';
import type { Severity } from './types.js';

/** The channels of the Notifications contract, in its order. */
export const CHANNELS = ['in_app', 'push', 'sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** How a channel is written for people. */
export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  in_app: 'In the app',
  push: 'Push',
  sms: 'SMS',
  email: 'E-mail',
};

export type ChannelsBySeverity = Readonly<Record<Severity, readonly Channel[]>>;

/** One entry of the caller's inbox (`GET /v1/notifications`). */
export interface InboxNotification {
  readonly notificationId: string;
  readonly alertId?: string;
  readonly severity: Severity;
  readonly title: string;
  readonly body: string;
  readonly kind: 'alert' | 'summary' | 'system';
  readonly createdAt: string;
  readonly readAt?: string;
  readonly archivedAt?: string;
}

export interface InboxPage {
  readonly items: readonly InboxNotification[];
  readonly unreadCount: number;
  readonly nextCursor?: string;
}

/** `GET /v1/notifications?unread=&cursor=` */
export function listNotifications(options: { unread?: boolean; cursor?: string } = {}): Promise<InboxPage> {
  const query = new URLSearchParams({ limit: '25' });
  if (options.unread) query.set('unread', 'true');
  if (options.cursor) query.set('cursor', options.cursor);
  return apiRequest<InboxPage>(`/v1/notifications?${query}`);
}

/** `POST /v1/notifications/{id}/read|archive` → the entry. */
export function changeNotification(notificationId: string, action: 'read' | 'archive'): Promise<InboxNotification> {
  return apiRequest<InboxNotification>(`/v1/notifications/${encodeURIComponent(notificationId)}/${action}`, {
    method: 'POST',
  });
}

export interface QuietHours {
  readonly start: string;
  readonly end: string;
  readonly timezone: string;
  readonly allowCritical: boolean;
}

export interface Digest {
  readonly frequency: 'off' | 'hourly' | 'daily';
  readonly severities: readonly Severity[];
}

/** `GET|PUT /v1/me/notification-preferences` */
export interface Preferences {
  readonly channels: ChannelsBySeverity;
  readonly quietHours?: QuietHours;
  readonly digest?: Digest;
}

export interface PreferencesView extends Preferences {
  /** What the organisation requires per severity (locked on). */
  readonly required: ChannelsBySeverity;
  readonly isDefault?: boolean;
}

export function getPreferences(): Promise<PreferencesView> {
  return apiRequest<PreferencesView>('/v1/me/notification-preferences');
}

export function putPreferences(preferences: Preferences): Promise<PreferencesView> {
  return apiRequest<PreferencesView>('/v1/me/notification-preferences', { method: 'PUT', body: preferences });
}

/** One rung of an escalation ladder. */
export interface EscalationLevel {
  readonly afterSeconds: number;
  readonly notify: { readonly roles?: readonly Role[]; readonly userIds?: readonly string[] };
  readonly channels: readonly Channel[];
}

export interface EscalationPolicy {
  readonly levels: readonly EscalationLevel[];
  readonly repeat: number;
}

export interface EscalationPolicyView extends EscalationPolicy {
  readonly severity: Severity;
  readonly isDefault: boolean;
}

export function getEscalationPolicy(severity: Severity): Promise<EscalationPolicyView> {
  return apiRequest<EscalationPolicyView>(`/v1/escalation-policies/${severity}`);
}

export function putEscalationPolicy(severity: Severity, policy: EscalationPolicy): Promise<EscalationPolicyView> {
  return apiRequest<EscalationPolicyView>(`/v1/escalation-policies/${severity}`, { method: 'PUT', body: policy });
}

/** One attempt of the delivery record (`GET /v1/alerts/{alertId}/deliveries`). */
export interface DeliveryAttempt {
  readonly userId: string;
  readonly channel: Channel;
  readonly to?: string;
  readonly status: 'sent' | 'failed' | 'suppressed' | 'queued';
  readonly reason?: string;
  readonly attempt: number;
  readonly step: string;
  readonly at: string;
  readonly until?: string;
}

export function alertDeliveries(alertId: string): Promise<{ items: readonly DeliveryAttempt[] }> {
  return apiRequest(`/v1/alerts/${encodeURIComponent(alertId)}/deliveries`);
}

/** A stored push target of the caller. */
export interface PushTarget {
  readonly subscriptionId: string;
  readonly kind: 'web' | 'fcm' | 'apns';
  readonly to: string;
  readonly createdAt: string;
  readonly label?: string;
}

export function vapidPublicKey(): Promise<{ publicKey: string }> {
  return apiRequest('/v1/push/vapid-public-key');
}

export function listPushTargets(): Promise<{ items: readonly PushTarget[] }> {
  return apiRequest('/v1/me/push-subscriptions');
}

/** Posts a browser's `PushSubscription.toJSON()`. */
export function savePushSubscription(subscription: unknown, label?: string): Promise<PushTarget> {
  return apiRequest('/v1/me/push-subscriptions', {
    method: 'POST',
    body: { ...(subscription as object), ...(label ? { label } : {}) },
  });
}

export function deletePushTarget(subscriptionId: string): Promise<void> {
  return apiRequest(`/v1/me/push-subscriptions/${encodeURIComponent(subscriptionId)}`, { method: 'DELETE' });
}

/** The tenant's notification policy (`GET|PUT /v1/notification-policy`, admin; ADR 0077). */
export interface NotificationPolicy {
  /** The channels a user starts from, per severity. */
  readonly defaults: ChannelsBySeverity;
  /** The channels no user may turn off, per severity. */
  readonly required: ChannelsBySeverity;
  /** Whether CRITICAL alerts break through quiet hours for users who allow it. */
  readonly criticalBreaksQuietHours: boolean;
}

export interface NotificationPolicyView extends NotificationPolicy {
  /** The platform's floor (CRITICAL in-app): always required, cannot be unchecked. */
  readonly locked: ChannelsBySeverity;
  readonly isDefault: boolean;
}

export function getNotificationPolicy(): Promise<NotificationPolicyView> {
  return apiRequest<NotificationPolicyView>('/v1/notification-policy');
}

export function putNotificationPolicy(policy: NotificationPolicy): Promise<NotificationPolicyView> {
  return apiRequest<NotificationPolicyView>('/v1/notification-policy', { method: 'PUT', body: policy });
}
