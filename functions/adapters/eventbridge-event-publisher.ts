import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DomainEvent, EventPublisher } from '../ports/event-publisher.js';

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
