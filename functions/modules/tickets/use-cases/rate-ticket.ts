import type { Identity } from '../../../platform/auth/identity.js';
import { type Csat, canRate, type Ticket } from '../domain/ticket.js';
import { CsatNotAccepted, TicketNotFound } from '../errors.js';
import { TICKET_FRAMES } from '../events.js';
import { pushTicket } from './push-ticket.js';
import { visibleTicket } from './read-tickets.js';
import type { TicketPorts } from './ticket-ports.js';

const MAX_ATTEMPTS = 5;

/**
 * `POST /v1/tickets/{ticketId}/csat` `{score, comment?}`: the ticket's customer rates it, once,
 * after resolution (409 CSAT_NOT_OPEN before, CSAT_ALREADY_GIVEN after a first rating); anyone but
 * its customer finds no such ticket (404). The stream publishes `ticket.csat_submitted`.
 */
export async function rateTicket(
  ports: TicketPorts,
  caller: Identity,
  ticketId: string,
  rating: { readonly score: number; readonly comment?: string },
): Promise<Csat> {
  for (let attempt = 1; ; attempt++) {
    const { ticket, rev } = await visibleTicket(ports, caller, ticketId);
    if (ticket.customerId !== caller.userId) throw new TicketNotFound(ticketId);
    if (!canRate(ticket)) throw new CsatNotAccepted(ticketId, ticket.csat ? 'already_given' : 'not_resolved');
    const now = ports.clock.now().toISOString();
    const csat: Csat = {
      score: rating.score as Csat['score'],
      ...(rating.comment ? { comment: rating.comment } : {}),
      at: now,
    };
    const next: Ticket = { ...ticket, csat, updatedAt: now };
    if (!(await ports.tickets.update(next, rev))) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`Ticket ${ticketId} kept changing`);
      continue;
    }
    await pushTicket(ports, next, TICKET_FRAMES.updated, { agentsOnly: true });
    return csat;
  }
}
