import type { Identity } from '../../../platform/auth/identity.js';
import { canSeeTicket, isAgent } from '../domain/access.js';
import type { Ticket, TicketPriority, TicketStatus } from '../domain/ticket.js';
import { TicketNotFound } from '../errors.js';
import type { TranscriptMessage } from '../ports/conversation-channel.js';
import type { CustomerContext, CustomerFacts } from '../ports/customer-context.js';
import type { TicketStore, VersionedTicket } from '../ports/ticket-store.js';
import type { TicketPorts } from './ticket-ports.js';
import { type TicketView, ticketView } from './ticket-view.js';

/** Messages of a conversation a ticket view carries. */
const TRANSCRIPT_LIMIT = 500;
const PAST_TICKETS = 10;

export interface TicketQuery {
  readonly status?: TicketStatus;
  readonly priority?: TicketPriority;
  readonly assigneeId?: string;
  readonly q?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** The words of `q` the ticket text must all contain. */
export function queryWords(q: string | undefined): string[] {
  return [...new Set(q?.toLowerCase().match(/[\p{L}\p{N}-]+/gu) ?? [])].slice(0, 8);
}

/** `GET /v1/tickets`: agents see the tenant's queue, a customer only their own tickets. */
export async function listTickets(
  ports: Pick<TicketPorts, 'tickets' | 'clock'>,
  caller: Identity,
  query: TicketQuery,
): Promise<{ items: TicketView[]; nextCursor?: string }> {
  const page = await ports.tickets.list(
    caller.tenantId,
    {
      ...(query.status ? { status: query.status } : {}),
      ...(query.priority ? { priority: query.priority } : {}),
      ...(query.assigneeId ? { assigneeId: query.assigneeId } : {}),
      ...(isAgent(caller) ? {} : { customerId: caller.userId }),
      words: queryWords(query.q),
    },
    query.limit,
    query.cursor,
  );
  const now = ports.clock.now();
  const items = page.items.map((t) => ticketView(t, caller, now));
  return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
}

/** A ticket the caller may see, with its revision; 404 TICKET_NOT_FOUND for any other. */
export async function visibleTicket(
  ports: { readonly tickets: Pick<TicketStore, 'get'> },
  caller: Identity,
  ticketId: string,
): Promise<VersionedTicket> {
  const found = await ports.tickets.get(caller.tenantId, ticketId);
  if (!found || !canSeeTicket(caller, found.ticket)) throw new TicketNotFound(ticketId);
  return found;
}

/** One line of a ticket's transcript: a chat message, or (agents only) an internal note. */
export type TranscriptEntry =
  | (TranscriptMessage & { readonly kind: 'message' })
  | {
      readonly kind: 'note';
      readonly internal: true;
      readonly noteId: string;
      readonly author: { readonly type: 'agent'; readonly id: string };
      readonly text: string;
      readonly sentAt: string;
    };

export interface TicketDetail {
  readonly ticket: TicketView;
  readonly transcript: TranscriptEntry[];
  /** Agents only: the customer's vehicles, their open alerts and past tickets. */
  readonly customer?: CustomerContext & {
    readonly customerId: string;
    readonly pastTickets: { ticketId: string; subject: string; status: string; createdAt: string }[];
  };
}

/**
 * `GET /v1/tickets/{ticketId}`: the ticket, its conversation as transcript (agents also see the
 * internal notes in it, marked `internal`) and, for agents, the customer's context.
 */
export async function readTicket(
  ports: Pick<TicketPorts, 'tickets' | 'chat' | 'clock'> & { readonly customers: CustomerFacts },
  caller: Identity,
  ticketId: string,
): Promise<TicketDetail> {
  const { ticket } = await visibleTicket(ports, caller, ticketId);
  const agent = isAgent(caller);
  const [messages, notes, conversation] = await Promise.all([
    ports.chat.transcript(ticket.tenantId, ticket.conversationId, TRANSCRIPT_LIMIT),
    agent ? ports.tickets.notes(ticket.tenantId, ticket.ticketId) : [],
    agent ? ports.chat.conversation(ticket.tenantId, ticket.conversationId) : undefined,
  ]);
  const transcript: TranscriptEntry[] = [
    ...messages.map((m) => ({ ...customerSafe(m, agent), kind: 'message' as const })),
    ...notes.map((n) => ({
      kind: 'note' as const,
      internal: true as const,
      noteId: n.noteId,
      author: { type: 'agent' as const, id: n.authorId },
      text: n.text,
      sentAt: n.at,
    })),
  ].sort((a, b) => (a.sentAt < b.sentAt ? -1 : a.sentAt > b.sentAt ? 1 : 0));
  const view = ticketView(ticket, caller, ports.clock.now());
  if (!agent) return { ticket: view, transcript };
  const [context, past] = await Promise.all([
    ports.customers.context(ticket.tenantId, ticket.customerId, conversation?.vehicleId),
    ports.tickets.list(ticket.tenantId, { customerId: ticket.customerId }, PAST_TICKETS + 1),
  ]);
  return {
    ticket: view,
    transcript,
    customer: {
      customerId: ticket.customerId,
      ...context,
      pastTickets: past.items
        .filter((t: Ticket) => t.ticketId !== ticket.ticketId)
        .slice(0, PAST_TICKETS)
        .map((t) => ({ ticketId: t.ticketId, subject: t.subject, status: t.status, createdAt: t.createdAt })),
    },
  };
}

/** A customer sees what the bot understood of its replies, not of their own messages. */
function customerSafe(message: TranscriptMessage, agent: boolean): TranscriptMessage {
  if (agent || message.author.type !== 'user' || !message.nlu) return message;
  const { nlu: _nlu, ...rest } = message;
  return rest;
}
