import type { QueuedRequest } from '../offline/action-queue.js';
import type { ChatAuthor } from './chat-client.js';
import { apiRequest } from './http.js';

export type TicketStatus = 'open' | 'pending' | 'resolved' | 'closed';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';
export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'pending', 'resolved', 'closed'];
export const TICKET_PRIORITIES: readonly TicketPriority[] = ['urgent', 'high', 'normal', 'low'];

/** Where one SLA clock stands (agents' view). */
export interface SlaClock {
  readonly targetMinutes: number;
  readonly state: 'running' | 'paused' | 'met' | 'breached';
  readonly dueAt?: string;
  /** Business time left when it was read, negative once overrun. */
  readonly remainingMs?: number;
  readonly metAt?: string;
  readonly breachedAt?: string;
}

/** A ticket as agents see it. */
export interface Ticket {
  readonly ticketId: string;
  readonly conversationId: string;
  readonly customerId: string;
  readonly subject: string;
  readonly status: TicketStatus;
  readonly priority: TicketPriority;
  readonly reason: string;
  readonly assigneeId?: string;
  readonly alertId?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly firstRespondedAt?: string;
  readonly csat?: { readonly score: number; readonly comment?: string };
  readonly sla?: {
    readonly priority: string;
    readonly timeZone: string;
    readonly firstResponse: SlaClock;
    readonly resolution: SlaClock;
  };
}

/** One entry of a ticket's transcript: a chat message, or (agents) an internal note. */
export interface TranscriptEntry {
  readonly kind: 'message' | 'note';
  readonly internal?: true;
  readonly messageId?: string;
  readonly noteId?: string;
  readonly author: ChatAuthor;
  readonly text: string;
  readonly sentAt: string;
}

/** What an agent sees of the customer beside the conversation. */
export interface CustomerContext {
  readonly customerId: string;
  readonly vehicles: readonly { vehicleId: string; name: string; type: string }[];
  readonly openAlerts: readonly {
    alertId: string;
    vehicleId: string;
    type: string;
    severity: string;
    message: string;
  }[];
  readonly pastTickets: readonly { ticketId: string; subject: string; status: string; createdAt: string }[];
}

/** `GET /v1/tickets/{ticketId}`. */
export interface TicketDetail {
  readonly ticket: Ticket;
  readonly transcript: readonly TranscriptEntry[];
  readonly customer?: CustomerContext;
}

/** The queue's filters (`GET /v1/tickets?status=&priority=&assigneeId=&q=`). */
export interface TicketFilters {
  readonly status?: TicketStatus;
  readonly priority?: TicketPriority;
  readonly assigneeId?: string;
  readonly q?: string;
}

/** `GET /v1/tickets` with the filters: newest first. */
export function listTickets(filters: TicketFilters): Promise<{ items: Ticket[]; nextCursor?: string }> {
  const query = new URLSearchParams({ limit: '50' });
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, String(value));
  return apiRequest(`/v1/tickets?${query}`);
}

/** `GET /v1/tickets/{ticketId}`. */
export function getTicket(ticketId: string): Promise<TicketDetail> {
  return apiRequest(`/v1/tickets/${encodeURIComponent(ticketId)}`);
}

/** `PATCH /v1/tickets/{ticketId}`: claim (assign), status, priority. */
export function changeTicket(
  ticketId: string,
  change: { status?: TicketStatus; priority?: TicketPriority; assigneeId?: string | null },
): Promise<Ticket> {
  return apiRequest(`/v1/tickets/${encodeURIComponent(ticketId)}`, { method: 'PATCH', body: change });
}

/**
 * `POST /v1/tickets/{ticketId}/replies` as a queued request: its Idempotency-Key makes a retry
 * (after a lost answer or a 5xx) store the reply once.
 */
export function replyRequest(ticketId: string, text: string, internal: boolean): QueuedRequest {
  return {
    kind: internal ? 'ticket.note' : 'ticket.reply',
    subject: ticketId,
    method: 'POST',
    path: `/v1/tickets/${encodeURIComponent(ticketId)}/replies`,
    body: internal ? { text, internal: true } : { text },
  };
}

/** A canned response, filled in for the ticket it answers. */
export interface CannedResponse {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly shortcut?: string;
  readonly rendered?: { readonly text: string; readonly missing: readonly string[] };
}

/** `GET /v1/canned-responses?ticketId=`: the tenant's canned responses with placeholders filled. */
export function cannedResponses(ticketId: string): Promise<{ items: CannedResponse[] }> {
  return apiRequest(`/v1/canned-responses?${new URLSearchParams({ ticketId, limit: '100' })}`);
}
