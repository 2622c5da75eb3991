import type { TicketPriority, TicketSla } from './sla.js';

export type { TicketPriority } from './sla.js';

/** Ticket statuses of the contract ("Tickets and live agents"). */
export type TicketStatus = 'open' | 'pending' | 'resolved' | 'closed';
export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'pending', 'resolved', 'closed'];

/** Why the bot handed the conversation over (chat's hand-off reason). */
export type HandoffReason = 'asked' | 'frustration' | 'fallbacks';

/** A customer's rating of a resolved ticket, given once. */
export interface Csat {
  readonly score: 1 | 2 | 3 | 4 | 5;
  readonly comment?: string;
  readonly at: string;
}

/**
 * A support ticket: a hand-off of one conversation to the tenant's agents. Its transcript is the
 * conversation itself (read from chat); the ticket holds who has it, where it stands, its SLA
 * clocks and the customer's rating.
 */
export interface Ticket {
  readonly tenantId: string;
  /** ULID (the hand-off's id). */
  readonly ticketId: string;
  readonly conversationId: string;
  readonly customerId: string;
  readonly subject: string;
  readonly status: TicketStatus;
  readonly priority: TicketPriority;
  readonly reason: HandoffReason;
  readonly alertId?: string;
  readonly assigneeId?: string;
  readonly sla: TicketSla;
  readonly csat?: Csat;
  readonly firstRespondedAt?: string;
  readonly resolvedAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Lowercased subject and transcript text at hand-off, for `q` and similar tickets. */
  readonly text: string;
  /** Status, priority and assignee changes, oldest first. */
  readonly history: readonly TicketActivity[];
}

/** Which status changes are allowed; `closed` is final. */
const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

/** Whether `from → to` is allowed (staying is always allowed: it changes nothing). */
export function canMove(from: TicketStatus, to: TicketStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/** Whether the customer may rate it: once, after resolution. */
export function canRate(ticket: Pick<Ticket, 'status' | 'csat'>): boolean {
  return (ticket.status === 'resolved' || ticket.status === 'closed') && ticket.csat === undefined;
}

/** Whether the bot has the conversation back (the ticket no longer holds it). */
export function releasesConversation(status: TicketStatus): boolean {
  return status === 'resolved' || status === 'closed';
}

/** An internal note on a ticket: agents only, never a chat message, never a customer's frame. */
export interface TicketNote {
  readonly ticketId: string;
  /** ULID */
  readonly noteId: string;
  readonly authorId: string;
  readonly text: string;
  readonly at: string;
}

/** One change in a ticket's history. */
export interface TicketActivity {
  readonly at: string;
  readonly by: string;
  readonly action: 'status' | 'priority' | 'assign';
  readonly from?: string;
  readonly to?: string;
}
