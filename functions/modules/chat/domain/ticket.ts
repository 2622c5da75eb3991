import type { Sentiment } from '../../../ml/ports/language-understanding.js';
import type { HandoffReason } from './conversation.js';
import type { AlertFacts } from './facts.js';

/** Ticket priorities of the contract ("Tickets and live agents"). */
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

/** One line of a ticket's transcript: the conversation as it stood at hand-off. */
export interface TranscriptLine {
  readonly messageId: string;
  readonly author: { readonly type: string; readonly id: string };
  readonly text: string;
  readonly sentAt: string;
  readonly sentiment?: Sentiment;
}

/** A hand-off from the bot to support (minimal: the queue, SLA and replies come with #10's rest). */
export interface Ticket {
  readonly tenantId: string;
  readonly ticketId: string;
  readonly conversationId: string;
  readonly customerId: string;
  readonly status: 'open';
  readonly priority: TicketPriority;
  readonly reason: HandoffReason;
  readonly subject: string;
  readonly alertId?: string;
  readonly transcript: readonly TranscriptLine[];
  readonly createdAt: string;
}

/**
 * A customer's message written while a ticket holds the conversation: what the tickets module
 * learns of it from the chat table's stream (a reply reopens a pending ticket, docs/adr/0056).
 */
export interface HeldReply {
  readonly tenantId: string;
  /** The ticket that held the conversation when the message was stored. */
  readonly ticketId: string;
  readonly conversationId: string;
  readonly messageId: string;
  /** The customer who wrote it (the conversation's owner). */
  readonly customerId: string;
  readonly sentAt: string;
}

/**
 * A ticket's priority from the linked alert's severity and the customer's tone: a CRITICAL alert
 * is urgent; a HIGH alert, or a frustrated or negative customer, is high; anything else normal.
 */
export function ticketPriority(
  alert: Pick<AlertFacts, 'severity'> | undefined,
  reason: HandoffReason,
  sentiments: readonly (Sentiment | undefined)[],
): TicketPriority {
  if (alert?.severity === 'CRITICAL') return 'urgent';
  const negative = sentiments.filter((s) => s === 'negative').length;
  if (alert?.severity === 'HIGH' || reason === 'frustration' || negative >= 2) return 'high';
  return 'normal';
}
