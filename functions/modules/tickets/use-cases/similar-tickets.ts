import type { Identity } from '../../../platform/auth/identity.js';
import { mostSimilar } from '../domain/similarity.js';
import type { Ticket } from '../domain/ticket.js';
import type { TicketStore } from '../ports/ticket-store.js';
import { visibleTicket } from './read-tickets.js';

/** Resolved tickets compared per request: the tenant's most recent ones. */
const CANDIDATES = 200;
const LIMIT = 5;

export interface SimilarTicket {
  readonly ticketId: string;
  readonly subject: string;
  readonly status: string;
  readonly resolvedAt?: string;
  readonly score: number;
}

/**
 * `GET /v1/tickets/{ticketId}/similar`: the tenant's resolved (or closed) tickets most like this
 * one by what their customers wrote (TF-IDF cosine over the hand-off text), best first — the
 * answers an agent can reuse. Never another tenant's.
 */
export async function similarTickets(
  ports: { readonly tickets: Pick<TicketStore, 'get' | 'list'> },
  caller: Identity,
  ticketId: string,
): Promise<{ items: SimilarTicket[] }> {
  const { ticket } = await visibleTicket(ports, caller, ticketId);
  const [resolved, closed] = await Promise.all(
    (['resolved', 'closed'] as const).map((status) =>
      ports.tickets.list(caller.tenantId, { status }, CANDIDATES / 2).then((p) => p.items),
    ),
  );
  const candidates = [...(resolved as Ticket[]), ...(closed as Ticket[])].filter((t) => t.ticketId !== ticketId);
  return {
    items: mostSimilar(ticket.text, candidates, (t) => t.text, LIMIT).map(({ item, score }) => ({
      ticketId: item.ticketId,
      subject: item.subject,
      status: item.status,
      ...(item.resolvedAt ? { resolvedAt: item.resolvedAt } : {}),
      score,
    })),
  };
}
