import type { Frame } from '../../../platform/websocket/websocket-handler.js';
import { deliverFrames } from '../../chat/use-cases/deliver-frames.js';
import type { Ticket } from '../domain/ticket.js';
import { TICKET_FRAMES } from '../events.js';
import type { TicketPorts } from './ticket-ports.js';
import { ticketView } from './ticket-view.js';

const AGENT = { roles: ['agent'] } as const;
const CUSTOMER = { roles: [] } as const;

/** Who of the tenant a ticket's frames reach: the chat's delivery rules, with the customer as owner. */
const audienceOf = (ticket: Ticket) => ({ tenantId: ticket.tenantId, ownerId: ticket.customerId });

/**
 * Pushes `type` (`ticket.created` / `ticket.updated`) with the agents' view to the tenant's online
 * agents and, unless `agentsOnly`, the customer's view to the customer's connections.
 */
export async function pushTicket(
  ports: Pick<TicketPorts, 'delivery' | 'clock'>,
  ticket: Ticket,
  type: string,
  options: { readonly agentsOnly?: boolean } = {},
): Promise<void> {
  const now = ports.clock.now();
  await deliverFrames(ports.delivery, audienceOf(ticket), [{ type, data: ticketView(ticket, AGENT, now) }], {
    audience: 'support',
  });
  if (!options.agentsOnly) {
    await deliverFrames(ports.delivery, audienceOf(ticket), [{ type, data: ticketView(ticket, CUSTOMER, now) }], {
      audience: 'owner',
    });
  }
}

/** Pushes frames to the tenant's agents only (an internal note). */
export async function pushToAgents(ports: Pick<TicketPorts, 'delivery'>, ticket: Ticket, frames: Frame[]) {
  await deliverFrames(ports.delivery, audienceOf(ticket), frames, { audience: 'support' });
}

/** Pushes frames to the customer and the tenant's agents (an agent's public reply). */
export async function pushToParticipants(ports: Pick<TicketPorts, 'delivery'>, ticket: Ticket, frames: Frame[]) {
  await deliverFrames(ports.delivery, audienceOf(ticket), frames, { audience: 'participants' });
}

export { TICKET_FRAMES };
