import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { FieldCipher } from '../../../platform/crypto/field-cipher.js';
import type { EventPublisher } from '../../../platform/events/event-publisher.js';
import type { TimerScheduler } from '../../../platform/timers/timer-scheduler.js';
import { WEBHOOK_TIMEOUT_MS } from '../domain/attempt-outcome.js';
import type { Message } from '../domain/message.js';
import { type AttemptDuePayload, WEBHOOK_EVENTS, WEBHOOK_TIMERS } from '../events.js';
import type { DeliveryThrottle } from '../ports/delivery-throttle.js';
import type { EndpointRepository } from '../ports/endpoint-repository.js';
import type { MessageStore } from '../ports/message-store.js';
import type { WebhookTransport } from '../ports/webhook-transport.js';

/** Everything delivering needs; the use cases take the parts they use. */
export interface DeliveryPorts {
  readonly endpoints: EndpointRepository;
  readonly messages: MessageStore;
  readonly throttle: DeliveryThrottle;
  readonly transport: WebhookTransport;
  readonly cipher: FieldCipher;
  readonly timers: TimerScheduler;
  readonly events: EventPublisher;
  readonly clock: { now(): Date };
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Delays after attempts 1, 2, …: the Svix schedule unless the local stack shortens it. */
  readonly schedule: readonly number[];
  /** @default Math.random */
  readonly random?: () => number;
}

/**
 * How long an attempt owns its message: the transport's timeout and a margin. The message's timer
 * is set to this before the attempt starts, so an attempt that dies with its container is retried.
 */
export const LEASE_MS = WEBHOOK_TIMEOUT_MS + 5_000;

/** The one durable timer of a message: moved at every step, cancelled when the message is finished. */
export function timerIdOf(message: Pick<Message, 'tenantId' | 'endpointId' | 'messageId'>): string {
  return `${message.tenantId}#${message.endpointId}#${message.messageId}`;
}

function payloadOf(message: Pick<Message, 'tenantId' | 'endpointId' | 'messageId'>): AttemptDuePayload {
  return { tenantId: message.tenantId, endpointId: message.endpointId, messageId: message.messageId };
}

/** Sets (or moves) the message's timer to `at`. */
export async function armTimer(
  ports: Pick<DeliveryPorts, 'timers'>,
  message: Pick<Message, 'tenantId' | 'endpointId' | 'messageId'>,
  at: Date,
): Promise<void> {
  await ports.timers.schedule({ id: timerIdOf(message), at, payload: { ...payloadOf(message) } });
}

/**
 * Hands messages to the deliverer now: the message's timer is set to the lease first (so nothing
 * is lost if the event is), then one `webhook.attempt-due` per message goes on the bus. Each is
 * its own invocation of the deliverer, so no endpoint waits for another's.
 */
export async function handOver(
  ports: Pick<DeliveryPorts, 'timers' | 'events' | 'clock'>,
  messages: readonly Pick<Message, 'tenantId' | 'endpointId' | 'messageId'>[],
): Promise<void> {
  const now = ports.clock.now();
  await Promise.all(messages.map((m) => armTimer(ports, m, new Date(now.getTime() + LEASE_MS))));
  await ports.events.publish(
    messages.map((message) => ({
      source: WEBHOOK_EVENTS.source,
      detailType: WEBHOOK_TIMERS.detailType,
      detail: { timerId: timerIdOf(message), dueAt: now.toISOString(), payload: payloadOf(message) },
    })),
  );
}
