import type { Ticket as Handoff } from '../../chat/domain/ticket.js';
import { startSla } from '../domain/sla.js';
import type { Ticket } from '../domain/ticket.js';
import { TICKET_FRAMES } from '../events.js';
import { pushTicket } from './push-ticket.js';
import type { TicketPorts } from './ticket-ports.js';

/** How much of the hand-off's text the ticket keeps for `q` and similar tickets. */
const MAX_TEXT = 4000;

/** The searchable text of a hand-off: its subject and what the customer wrote, lowercased. */
export function handoffText(handoff: Pick<Handoff, 'subject' | 'transcript'>): string {
  const said = handoff.transcript.filter((line) => line.author.type === 'user').map((line) => line.text);
  return [handoff.subject, ...said].join('\n').toLowerCase().slice(0, MAX_TEXT);
}

/**
 * A hand-off of the bot becomes a ticket in the tenant's queue (chat table stream → here): its SLA
 * clocks start at the hand-off under the tenant's policy for its priority, and the tenant's online
 * agents get `ticket.created`. Seen again (at-least-once delivery), it changes nothing and pushes
 * nothing. Returns whether it was new.
 */
export async function openTicket(
  ports: Pick<TicketPorts, 'tickets' | 'policies' | 'delivery' | 'clock'>,
  handoff: Handoff,
): Promise<boolean> {
  const policy = await ports.policies.policy(handoff.tenantId);
  const ticket: Ticket = {
    tenantId: handoff.tenantId,
    ticketId: handoff.ticketId,
    conversationId: handoff.conversationId,
    customerId: handoff.customerId,
    subject: handoff.subject,
    status: 'open',
    priority: handoff.priority,
    reason: handoff.reason,
    ...(handoff.alertId ? { alertId: handoff.alertId } : {}),
    sla: startSla(policy, handoff.priority, new Date(handoff.createdAt)),
    createdAt: handoff.createdAt,
    updatedAt: handoff.createdAt,
    text: handoffText(handoff),
    history: [],
  };
  const created = await ports.tickets.create(ticket);
  if (created) await pushTicket(ports, ticket, TICKET_FRAMES.created, { agentsOnly: true });
  return created;
}
