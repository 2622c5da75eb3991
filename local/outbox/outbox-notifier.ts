import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { maskDestination } from '../../functions/modules/notifications/domain/mask.js';
import type { MobilePlatform } from '../../functions/modules/notifications/domain/push-subscription.js';
import {
  DestinationGone,
  type Notification,
  type NotificationChannel,
  type NotificationReceipt,
  type Notifier,
} from '../../functions/modules/notifications/ports/notifier.js';
import { InvalidDeviceToken, type PushEndpoints } from '../../functions/modules/notifications/ports/push-endpoints.js';
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

/** The local platform applications' endpoints: `…:endpoint/{GCM|APNS}/fleetops-local/{id}`. */
const LOCAL_ENDPOINT_PREFIX = 'arn:aws:sns:local:000000000000:endpoint/';

/**
 * The local stand-in for SNS (SMS, mobile push, e-mail) and the push services: sends are recorded
 * instead of delivered and read back at `GET /dev/outbox`, so a developer or a test can see exactly
 * what a user would receive. Device tokens become endpoints as with SNS (the same token, the same
 * endpoint); {@link disableEndpoint} is what FCM/APNs rejecting a token does to one: sends to it
 * fail as {@link DestinationGone} until the token is registered again.
 */
export class OutboxNotifier implements Notifier, PushEndpoints {
  readonly #messages: OutboxMessage[] = [];
  /** Endpoints FCM/APNs would have disabled; every other endpoint of the shape is enabled. */
  readonly #disabled = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly logger?: Logger,
    /** Oldest messages are dropped past this, so a long simulator run stays bounded. */
    private readonly capacity = 5000,
  ) {}

  async register(platform: MobilePlatform, token: string): Promise<string> {
    // As SNS: an APNs device token is hexadecimal; an FCM token is opaque to it.
    if (platform === 'apns' ? !/^(?:[0-9a-fA-F]{2})+$/.test(token) : !/^\S+$/.test(token)) {
      throw new InvalidDeviceToken(`Invalid parameter: Token Reason: not a valid ${platform} device token`);
    }
    const id = createHash('sha256').update(`${platform}\n${token}`).digest('hex').slice(0, 32);
    const endpointArn = `${LOCAL_ENDPOINT_PREFIX}${platform === 'fcm' ? 'GCM' : 'APNS'}/fleetops-local/${id}`;
    this.#disabled.delete(endpointArn);
    return endpointArn;
  }

  /** What FCM/APNs do to an endpoint whose token they no longer accept (for tests and demos). */
  disableEndpoint(endpointArn: string): void {
    this.#disabled.add(endpointArn);
  }

  async send(notification: Notification): Promise<NotificationReceipt> {
    if (notification.channel === 'push' && this.#disabled.has(notification.destination)) {
      throw new DestinationGone('EndpointDisabledException: Endpoint is disabled', 410);
    }
    const entry: OutboxMessage = {
      messageId: randomUUID(),
      channel: notification.channel,
      destination: notification.destination,
      message: notification.message,
      ...(notification.subject === undefined ? {} : { subject: notification.subject }),
      tenantId: notification.tenantId,
      metadata: {
        ...(notification.metadata ?? {}),
        ...(notification.mobilePush ? { platform: notification.mobilePush.platform } : {}),
      },
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
