/**
 * Key formats of the notifications table: every partition key starts with the tenant, except the
 * stage's one VAPID key pair (`PLATFORM#webpush`), which belongs to the application, not a tenant.
 */
export const notificationKeys = {
  tenant: (tenantId: string) => `TENANT#${tenantId}`,
  preferences: (userId: string) => `PREFS#${userId}`,
  tenantPolicy: () => 'POLICY#notifications',
  escalationPolicy: (severity: string) => `ESCALATION_POLICY#${severity}`,
  escalationState: (alertId: string) => `ESCALATION#${alertId}`,
  /** A user's inbox: its own partition, so listing it never reads another user's items. */
  inbox: (tenantId: string, userId: string) => `TENANT#${tenantId}#INBOX#${userId}`,
  inboxItem: (notificationId: string) => `N#${notificationId}`,
  claim: (key: string) => `CLAIM#${key}`,
  deadLetter: (id: string) => `DEADLETTER#${id}`,
  held: (tenantId: string, userId: string) => `TENANT#${tenantId}#HELD#${userId}`,
  heldItem: (until: string, alertId: string, channel: string) => `${until}#${alertId}#${channel}`,
  /** A user's push targets sort together in the tenant's partition. */
  pushSubscriptionPrefix: (userId: string) => `PUSH#${userId}#`,
  pushSubscription: (userId: string, subscriptionId: string) => `PUSH#${userId}#${subscriptionId}`,
  platform: () => 'PLATFORM#webpush',
  vapidKeys: () => 'VAPID',
} as const;

export const NOTIFICATION_ENTITIES = {
  preferences: 'preferences',
  tenantPolicy: 'tenantPolicy',
  escalationPolicy: 'escalationPolicy',
  escalationState: 'escalationState',
  inbox: 'inboxNotification',
  claim: 'attemptClaim',
  deadLetter: 'deadLetter',
  held: 'heldMessage',
  pushSubscription: 'pushSubscription',
  vapidKeys: 'vapidKeys',
} as const;
