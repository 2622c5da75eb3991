import type { NotificationChannel } from './notifier.js';

/** Where a delivery goes: in-app frames over WebSocket, the rest through the Notifier's channels. */
export type DeliveryChannel = 'websocket' | NotificationChannel;

/** What is delivered where: the unit of at-most-once sending under at-least-once events. */
export interface DeliveryKey {
  readonly tenantId: string;
  readonly alertId: string;
  readonly channel: DeliveryChannel;
  readonly destination: string;
}

export interface DeliveryRecord {
  readonly tenantId: string;
  readonly alertId: string;
  readonly channel: DeliveryChannel;
  readonly destination: string;
  readonly status: 'sent' | 'failed' | 'gone';
  readonly attemptedAt: string;
  readonly providerMessageId?: string;
  readonly error?: string;
}

/** Claims and records deliveries, so redelivered events never notify twice and every attempt is kept. */
export interface DeliveryLog {
  /**
   * Claims a delivery before sending: true for the first caller, and again once a failed attempt
   * or an expired lease (a crashed sender) allows a retry; false while it is sent or in flight.
   */
  claim(key: DeliveryKey, leaseSeconds?: number): Promise<boolean>;
  /** Writes the attempt's record and settles the claim with its status. */
  record(record: DeliveryRecord): Promise<void>;
  /** Every attempt for the alert, oldest first. */
  list(tenantId: string, alertId: string): Promise<DeliveryRecord[]>;
}
