import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { eventBridgeClient } from '../clients/eventbridge.js';
import type { BusBinding } from '../wiring/bindings.js';
import { ENV } from '../wiring/environment.js';
import type { DomainEvent, EventPublisher } from './event-publisher.js';

/** PutEvents accepts at most this many entries per call. */
const MAX_ENTRIES_PER_CALL = 10;

/** Some entries were refused by EventBridge; the caller must treat the publish as failed. */
export class EventPublishFailed extends Error {
  override readonly name = 'EventPublishFailed';
  constructor(
    readonly failedCount: number,
    readonly errors: readonly string[],
  ) {
    super(`EventBridge refused ${failedCount} event(s): ${errors.join('; ')}`);
  }
}

/** Publishes domain events to the EventBridge bus bound to the function (EVENT_BUS_NAME). */
export class EventBridgeEventPublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += MAX_ENTRIES_PER_CALL) {
      const chunk = events.slice(start, start + MAX_ENTRIES_PER_CALL);
      const result = await this.client.send(
        new PutEventsCommand({
          Entries: chunk.map((event) => ({
            EventBusName: this.busName,
            Source: event.source,
            DetailType: event.detailType,
            Detail: JSON.stringify(event.detail),
          })),
        }),
      );
      const failed = result.FailedEntryCount ?? 0;
      if (failed > 0) {
        const errors = (result.Entries ?? [])
          .filter((entry) => entry.ErrorCode)
          .map((entry) => `${entry.ErrorCode}: ${entry.ErrorMessage ?? ''}`);
        throw new EventPublishFailed(failed, errors);
      }
    }
  }
}

/** Binds the stage's event bus through {@link EventBridgeEventPublisher} (EVENT_BUS_NAME, events:PutEvents). */
export const eventBridgeBus: BusBinding<EventPublisher> = {
  kind: 'bus',
  env: [ENV.eventBusName],
  fromEnvironment: ({ env, basics }) =>
    new EventBridgeEventPublisher(eventBridgeClient(basics.tracer), env[ENV.eventBusName] as string),
};
