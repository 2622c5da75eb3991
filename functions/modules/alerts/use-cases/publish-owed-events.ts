import type { EventPublisher } from '../../../platform/events/event-publisher.js';
import { ALERT_EVENTS } from '../events.js';
import type { AlertRepository, OwedAlertEvent } from '../ports/alert-repository.js';

/** The ports the stream's half of the outbox needs. */
export interface PublishOwedEventsPorts {
  readonly alerts: Pick<AlertRepository, 'owedEvents' | 'eventPublished'>;
  readonly events: EventPublisher;
  readonly clock: { now(): Date };
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * How long after a lifecycle write the stream consumer leaves its owed event to the request that
 * wrote it, which publishes it a few milliseconds later in the normal case (as ADR 0061's grace for
 * ingest's fast path; the stream can hand a record over before the request has published).
 */
export const OWED_EVENT_GRACE_MS = 300;

/** What one stream batch did. */
export interface OwedEventsOutcome {
  /** Owed events whose request had not published them (it died, or its publish failed): published now. */
  readonly published: readonly OwedAlertEvent[];
  /** Owed events their request had published and cleared already. */
  readonly skipped: number;
}

/**
 * The stream's half of the lifecycle outbox (docs/adr/0063): every owed event the alerts table's
 * stream hands over (an outbox item INSERT) is published unless the request that wrote it cleared
 * it meanwhile:
 * 1. wait until the youngest is {@link OWED_EVENT_GRACE_MS} old;
 * 2. read which are still owed (consistently);
 * 3. publish those in stream order, then clear them.
 * A failure throws, and the stream retries the batch (then its DLQ). A request that publishes after
 * the grace makes the event go out twice: consumers are at-least-once already (ADR 0032).
 */
export async function publishOwedEvents(
  ports: PublishOwedEventsPorts,
  handedOver: readonly OwedAlertEvent[],
): Promise<OwedEventsOutcome> {
  if (handedOver.length === 0) return { published: [], skipped: 0 };
  const youngest = Math.max(...handedOver.map((owed) => Date.parse(owed.owedSince) || 0));
  const wait = youngest + OWED_EVENT_GRACE_MS - ports.clock.now().getTime();
  if (wait > 0) await (ports.sleep ?? sleep)(Math.min(wait, OWED_EVENT_GRACE_MS));
  const stillOwed = await ports.alerts.owedEvents(handedOver);
  if (stillOwed.length > 0) {
    await ports.events.publish(
      stillOwed.map((owed) => ({ source: ALERT_EVENTS.source, detailType: owed.detailType, detail: owed.alert })),
    );
    for (const owed of stillOwed) await ports.alerts.eventPublished(owed);
  }
  return { published: stillOwed, skipped: handedOver.length - stillOwed.length };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
