import { defineModule } from '../../platform/wiring/module.js';
import { TICKET_ERRORS } from './errors.js';
import { TICKET_EVENTS } from './events.js';
import { cannedResponses } from './handlers/canned-responses.handler.js';
import { changeTicket } from './handlers/change-ticket.handler.js';
import { kbArticles } from './handlers/kb-articles.handler.js';
import { openTickets } from './handlers/open-tickets.handler.js';
import { publishTicketEvents } from './handlers/publish-ticket-events.handler.js';
import { readTickets } from './handlers/read-tickets.handler.js';
import { slaPolicy } from './handlers/sla-policy.handler.js';
import { sweepSla } from './handlers/sweep-sla.handler.js';
import { TICKETS_TABLE } from './tables.js';

/**
 * Tickets and live agents (C8): the queue the bot's hand-offs open, claims and assignment, agent
 * replies into the customer's conversation, internal notes, SLA clocks in business hours, CSAT
 * (docs/adr/0101), canned responses and the knowledge base the bot answers from. It talks to chat through chat's conversation store (reply, hand back to the
 * bot) and learns of hand-offs from chat's table stream.
 */
export const ticketsModule = defineModule({
  name: 'tickets',
  tables: [TICKETS_TABLE],
  functions: [
    openTickets,
    readTickets,
    changeTicket,
    publishTicketEvents,
    sweepSla,
    cannedResponses,
    kbArticles,
    slaPolicy,
  ],
  events: {
    source: TICKET_EVENTS.source,
    detailTypes: [
      TICKET_EVENTS.updated,
      TICKET_EVENTS.resolved,
      TICKET_EVENTS.slaBreached,
      TICKET_EVENTS.csatSubmitted,
    ],
  },
  errors: [...TICKET_ERRORS],
});
