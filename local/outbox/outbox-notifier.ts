import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { maskDestination } from '../../functions/modules/notifications/domain/mask.js';
import type {
  Notification,
  NotificationChannel,
  NotificationReceipt,
  Notifier,
} from '../../functions/modules/notifications/ports/notifier.js';
import type { Clock } from '../../functions/platform/clock.js';

/** What would have gone to SNS: one entry per send. */
export interface OutboxMessage {
  readonly messageId: string;
  readonly channel: NotificationChannel;
  readonly destination: string;
  readonly message: string;
  readonly subject?: string;
  readonly tenantId: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** ISO-8601, when the send was accepted. */
  readonly time: string;
}

export interface OutboxFilter {
  readonly tenantId?: string;
  readonly channel?: string;
}

/**
 * The local stand-in for SNS (SMS, push, e-mail): sends are recorded instead of delivered and read
 * back at `GET /dev/outbox`, so a developer or a test can see exactly what a user would receive.
 */
export class OutboxNotifier implements Notifier {
  readonly #messages: OutboxMessage[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly logger?: Logger,
    /** Oldest messages are dropped past this, so a long simulator run stays bounded. */
    private readonly capacity = 5000,
  ) {}

  async send(notification: Notification): Promise<NotificationReceipt> {
    const entry: OutboxMessage = {
      messageId: randomUUID(),
      channel: notification.channel,
      destination: notification.destination,
      message: notification.message,
      ...(notification.subject === undefined ? {} : { subject: notification.subject }),
      tenantId: notification.tenantId,
      metadata: { ...(notification.metadata ?? {}) },
      time: this.clock.now().toISOString(),
    };
    this.#messages.push(entry);
    if (this.#messages.length > this.capacity) this.#messages.shift();
    this.logger?.info('outbox message recorded', {
      messageId: entry.messageId,
      channel: entry.channel,
      // Phone numbers and e-mail addresses are personal data: logs carry them masked (GET /dev/outbox has them whole).
      destination: maskDestination(entry.destination),
      tenantId: entry.tenantId,
    });
    return { messageId: entry.messageId };
  }

  /** Newest first, optionally narrowed to one tenant and/or channel. */
  list(filter: OutboxFilter = {}): OutboxMessage[] {
    return this.#messages
      .filter((m) => filter.tenantId === undefined || m.tenantId === filter.tenantId)
      .filter((m) => filter.channel === undefined || m.channel === filter.channel)
      .reverse();
  }
}
