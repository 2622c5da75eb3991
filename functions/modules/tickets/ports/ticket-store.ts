import type { Ticket, TicketNote, TicketPriority, TicketStatus } from '../domain/ticket.js';

/** A ticket with the revision its next write must match. */
export interface VersionedTicket {
  readonly ticket: Ticket;
  readonly rev: number;
}

/** What `GET /v1/tickets` filters on; every field narrows the list. */
export interface TicketFilter {
  readonly status?: TicketStatus;
  readonly priority?: TicketPriority;
  readonly assigneeId?: string;
  /** Only this customer's tickets (a customer's own list). */
  readonly customerId?: string;
  /** Lowercased words, each of which the ticket's text must contain. */
  readonly words?: readonly string[];
}

export interface TicketPage {
  readonly items: Ticket[];
  readonly nextCursor?: string;
}

/** A ticket whose SLA clock is due, as the sweep finds it (across tenants). */
export interface DueTicket {
  readonly tenantId: string;
  readonly ticketId: string;
  readonly dueAt: string;
}

/**
 * What an agent's reply sent with an `Idempotency-Key` stored, or is storing: the id and time its
 * message (or note) has, whatever attempt writes it (docs/adr/0057).
 */
export interface ReplyRecord {
  /** The chat message's id (public reply) or the note's id (internal). */
  readonly replyId: string;
  readonly at: string;
  readonly internal: boolean;
  /** Hash of what the reply said: the same key must carry the same reply. */
  readonly payloadHash: string;
}

/** Tickets and their internal notes. */
export interface TicketStore {
  /** Stores a new ticket; false when one with this id exists (a hand-off seen again). */
  create(ticket: Ticket): Promise<boolean>;
  /** A strongly consistent read; undefined for another tenant's or an unknown id. */
  get(tenantId: string, ticketId: string): Promise<VersionedTicket | undefined>;
  /** Newest first. InvalidCursor for a cursor of another tenant or filter. */
  list(tenantId: string, filter: TicketFilter, limit: number, cursor?: string): Promise<TicketPage>;
  /** Writes the ticket if it is still at `expectedRev`; false when another change came first. */
  update(ticket: Ticket, expectedRev: number): Promise<boolean>;
  /** Stores an internal note; a note already stored under its id is left as it is (a retry). */
  addNote(tenantId: string, note: TicketNote): Promise<void>;
  /**
   * Records `draft` as what `userId`'s reply with this key on this ticket stores, unless a record
   * of the key is still live (its 24 h have not passed at `now`): then that one, so a retry reuses
   * the first attempt's ids.
   */
  claimReply(
    tenantId: string,
    ticketId: string,
    userId: string,
    key: string,
    draft: ReplyRecord,
    now: Date,
  ): Promise<ReplyRecord>;
  /** Oldest first. */
  notes(tenantId: string, ticketId: string): Promise<TicketNote[]>;
  /** Tickets whose next SLA due time is at or before `now`, earliest first, at most `limit`. */
  due(now: string, limit: number): Promise<DueTicket[]>;
}
