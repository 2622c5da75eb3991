import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { withoutStorageAttributes } from '../../../platform/dynamodb/storage.js';
import { eventBridgeBus } from '../../../platform/events/eventbridge-event-publisher.js';
import { type StreamLambdaHandler, streamHandler } from '../../../platform/events/stream-handler.js';
import { count } from '../../../platform/observability/observability.js';
import type { DepsOf } from '../../../platform/wiring/bindings.js';
import { defineFunction } from '../../../platform/wiring/declaration.js';
import { ENTITY } from '../adapters/keys.js';
import type { Ticket } from '../domain/ticket.js';
import { owedEvents } from '../domain/ticket-events.js';
import { TICKETS_TABLE } from '../tables.js';
import { publishTicketEvents as publishOwed } from '../use-cases/publish-ticket-events.js';

const bindings = { events: eventBridgeBus };
export type PublishTicketEventsDeps = DepsOf<typeof bindings>;

const ticketOf = (image: Record<string, AttributeValue> | undefined): Ticket | undefined => {
  if (!image) return undefined;
  const item = unmarshall(image);
  if (item.entity !== ENTITY.ticket) return undefined;
  const { rev: _rev, ...ticket } = withoutStorageAttributes(item);
  return ticket as unknown as Ticket;
};

/**
 * Tickets table stream → the bus (docs/adr/0101): every stored change of a ticket publishes what
 * it owes — `ticket.updated` (with its history entries), `ticket.resolved`, `ticket.sla_breached`,
 * `ticket.csat_submitted` — read from the images before and after, so no request has to publish
 * and a change that was stored is never left unannounced. In order per ticket; at least once.
 */
export function createPublishTicketEventsHandler(deps: PublishTicketEventsDeps): StreamLambdaHandler {
  return streamHandler({ declaration: publishTicketEvents, deps }, async (record) => {
    if (record.eventName !== 'MODIFY') return;
    const after = ticketOf(record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined);
    if (!after) return;
    const before = ticketOf(record.dynamodb?.OldImage as Record<string, AttributeValue> | undefined);
    const published = await publishOwed(deps, owedEvents(before, after));
    count(deps.metrics, 'ticketEventsPublished', published);
  });
}

export const publishTicketEvents = defineFunction({
  name: 'publishTicketEvents',
  description: 'Tickets table stream: ticket.updated, ticket.resolved, ticket.sla_breached, ticket.csat_submitted',
  entry: 'functions/modules/tickets/handlers/publish-ticket-events.lambda.ts',
  triggers: [
    {
      kind: 'stream',
      table: TICKETS_TABLE,
      batchSize: 100,
      startingPosition: 'TRIM_HORIZON',
      retryAttempts: 10,
      eventNames: ['MODIFY'],
    },
  ],
  bindings,
  factory: createPublishTicketEventsHandler,
  timeoutSeconds: 30,
});
