export type NotificationChannel = 'sms' | 'push' | 'email';

export interface Notification {
  readonly tenantId: string;
  readonly channel: NotificationChannel;
  /** E.164 phone number for sms, endpoint ARN / device token for push, address for email. */
  readonly destination: string;
  readonly message: string;
  readonly subject?: string;
  /** Correlates the send with what caused it (alertId, …); kept in the delivery record. */
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface NotificationReceipt {
  readonly messageId: string;
}

/** SNS in AWS, the outbox locally (GET /dev/outbox). Throws when the provider refused the send. */
export interface Notifier {
  send(notification: Notification): Promise<NotificationReceipt>;
}
