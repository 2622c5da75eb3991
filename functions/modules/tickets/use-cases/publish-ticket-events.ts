import type { DomainEvent, EventPublisher } from '../../../platform/events/event-publisher.js';
import type { OwedTicketEvent } from '../domain/ticket-events.js';
import { TICKET_EVENTS } from '../events.js';

/** The bus event of one owed ticket change (details without the searchable text). */
function domainEvent(event: OwedTicketEvent): DomainEvent {
  const { text: _text, ...ticket } = event.ticket;
  const of = (detailType: string, detail: unknown): DomainEvent => ({
    source: TICKET_EVENTS.source,
    detailType,
    detail,
  });
  if (event.kind === 'updated') return of(TICKET_EVENTS.updated, { ...ticket, changes: event.changes });
  if (event.kind === 'resolved') return of(TICKET_EVENTS.resolved, ticket);
  if (event.kind === 'csatSubmitted') {
    return of(TICKET_EVENTS.csatSubmitted, {
      tenantId: ticket.tenantId,
      ticketId: ticket.ticketId,
      customerId: ticket.customerId,
      ...event.csat,
    });
  }
  const clock = ticket.sla[event.metric];
  return of(TICKET_EVENTS.slaBreached, {
    tenantId: ticket.tenantId,
    ticketId: ticket.ticketId,
    metric: event.metric,
    priority: ticket.priority,
    dueAt: clock.dueAt ?? clock.breachedAt,
    breachedAt: clock.breachedAt,
    ...(ticket.assigneeId ? { assigneeId: ticket.assigneeId } : {}),
  });
}

/** The bus events of owed ticket changes, in order. */
export function ticketDomainEvents(owed: readonly OwedTicketEvent[]): DomainEvent[] {
  return owed.map(domainEvent);
}

/** Publishes what the changes owe, in order (throws when the bus did not take them: the stream retries). */
export async function publishTicketEvents(
  ports: { readonly events: EventPublisher },
  owed: readonly OwedTicketEvent[],
): Promise<number> {
  const events = ticketDomainEvents(owed);
  for (let i = 0; i < events.length; i += 10) await ports.events.publish(events.slice(i, i + 10));
  return events.length;
}
