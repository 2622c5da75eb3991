import type { HeldReply } from '../../chat/domain/ticket.js';
import type { Ticket } from '../domain/ticket.js';
import { TICKET_FRAMES } from '../events.js';
import { applyChange } from './change-ticket.js';
import { pushTicket } from './push-ticket.js';
import type { TicketPorts } from './ticket-ports.js';

/** Writes of one ticket racing each other: how often the reopening re-reads and applies again. */
const MAX_ATTEMPTS = 5;

/** When the ticket last went to `pending` (its history's last such status change). */
function pendingSince(ticket: Ticket): string | undefined {
  return ticket.history.findLast((entry) => entry.action === 'status' && entry.to === 'pending')?.at;
}

/**
 * A customer's reply reopens a pending ticket (Zendesk, Chatwoot): the ticket goes back to `open`
 * with the customer as the author of the change, and its SLA clocks resume at the moment the
 * customer wrote (not when the stream delivered it). Nothing changes when the ticket is not
 * pending, when the message is not its customer's, or when it was written before the ticket went
 * pending (an agent who set it pending had seen it). Seen again (at-least-once delivery), the
 * ticket is open already: nothing happens. Returns whether the ticket was reopened.
 */
export async function reopenOnCustomerReply(
  ports: Pick<TicketPorts, 'tickets' | 'delivery' | 'clock'>,
  reply: HeldReply,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const found = await ports.tickets.get(reply.tenantId, reply.ticketId);
    if (!found) return false;
    const { ticket, rev } = found;
    if (ticket.status !== 'pending' || ticket.customerId !== reply.customerId) return false;
    const since = pendingSince(ticket);
    if (since !== undefined && reply.sentAt < since) return false;
    const { ticket: next } = applyChange(
      ticket,
      { status: 'open' },
      undefined,
      reply.customerId,
      new Date(reply.sentAt),
    );
    if (await ports.tickets.update(next, rev)) {
      // `ticket.updated` (the event) comes from the tickets table's stream, as for every change.
      await pushTicket(ports, next, TICKET_FRAMES.updated);
      return true;
    }
    if (attempt >= MAX_ATTEMPTS) throw new Error(`Ticket ${reply.ticketId} kept changing`);
  }
}
