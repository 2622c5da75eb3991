import type { Identity } from '../../../platform/auth/identity.js';
import { IdempotencyKeyReused } from '../../../platform/errors.js';
import { payloadHash } from '../../../platform/idempotency/payload-hash.js';
import { meetFirstResponse } from '../domain/sla.js';
import type { Ticket, TicketNote } from '../domain/ticket.js';
import { InvalidTicketTransition } from '../errors.js';
import { TICKET_FRAMES } from '../events.js';
import type { TranscriptMessage } from '../ports/conversation-channel.js';
import { pushTicket, pushToAgents, pushToParticipants } from './push-ticket.js';
import { visibleTicket } from './read-tickets.js';
import type { TicketPorts } from './ticket-ports.js';

const MAX_ATTEMPTS = 5;

export interface ReplyCommand {
  readonly text: string;
  readonly internal?: boolean;
  /**
   * The request's `Idempotency-Key`: every attempt of the reply with it stores the one message (or
   * note) of the first, under the first's id and time (docs/adr/0057).
   */
  readonly requestKey?: string;
}

export type ReplyResult =
  | { readonly internal: true; readonly note: TicketNote }
  | { readonly internal: false; readonly message: TranscriptMessage };

/**
 * `POST /v1/tickets/{ticketId}/replies`. An internal note is stored on the ticket and pushed to the
 * tenant's agents only: it is never a chat message and never reaches the customer. A public reply
 * is stored as a chat message of the conversation (`author.type: "agent"`), pushed as `chat.message`
 * to the customer and the agents, and the first one meets the first-response target. A closed
 * ticket takes no reply (409). With a `requestKey`, the reply's id and time are claimed first
 * (the ticket's reply record), so a retry after a 5xx or a timeout — which the HTTP idempotency
 * layer lets run again — writes nothing twice, finishes what the first attempt left undone and
 * answers the same message; its frames may be pushed again (clients keep one per `messageId`).
 */
export async function replyToTicket(
  ports: TicketPorts,
  caller: Identity,
  ticketId: string,
  command: ReplyCommand,
): Promise<ReplyResult> {
  const { ticket } = await visibleTicket(ports, caller, ticketId);
  if (ticket.status === 'closed') {
    throw new InvalidTicketTransition('closed', 'replied', `Ticket ${ticketId} is closed`);
  }
  const { replyId, at } = await claimReply(ports, caller, ticket.tenantId, ticketId, command);
  const now = new Date(at);
  if (command.internal) {
    const note: TicketNote = { ticketId, noteId: replyId, authorId: caller.userId, text: command.text, at };
    await ports.tickets.addNote(ticket.tenantId, note);
    await pushToAgents(ports, ticket, [{ type: TICKET_FRAMES.note, data: { ...note, internal: true } }]);
    return { internal: true, note };
  }
  const message: TranscriptMessage = {
    conversationId: ticket.conversationId,
    messageId: replyId,
    author: { type: 'agent', id: caller.userId },
    text: command.text,
    sentAt: at,
  };
  await ports.chat.postAgentMessage(ticket.tenantId, message);
  const updated = await recordFirstResponse(ports, caller, ticketId, now);
  await pushToParticipants(ports, ticket, [{ type: TICKET_FRAMES.message, data: message }]);
  if (updated) await pushTicket(ports, updated, TICKET_FRAMES.updated, { agentsOnly: true });
  return { internal: false, message };
}

/** The id and time of this reply: new ones, or those a first attempt with the same key claimed. */
async function claimReply(
  ports: TicketPorts,
  caller: Identity,
  tenantId: string,
  ticketId: string,
  command: ReplyCommand,
): Promise<{ replyId: string; at: string }> {
  const draft = {
    replyId: ports.newId(),
    at: ports.clock.now().toISOString(),
    internal: command.internal === true,
    payloadHash: payloadHash({ text: command.text, internal: command.internal === true }),
  };
  if (command.requestKey === undefined) return draft;
  const record = await ports.tickets.claimReply(
    tenantId,
    ticketId,
    caller.userId,
    command.requestKey,
    draft,
    ports.clock.now(),
  );
  if (record.payloadHash !== draft.payloadHash) throw new IdempotencyKeyReused();
  return record;
}

/** Sets the first response (once) and stops its clock; the ticket when it changed. */
async function recordFirstResponse(
  ports: TicketPorts,
  caller: Identity,
  ticketId: string,
  now: Date,
): Promise<Ticket | undefined> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const { ticket, rev } = await visibleTicket(ports, caller, ticketId);
    if (ticket.firstRespondedAt) return undefined;
    const next: Ticket = {
      ...ticket,
      firstRespondedAt: now.toISOString(),
      sla: meetFirstResponse(ticket.sla, now),
      updatedAt: now.toISOString(),
    };
    if (await ports.tickets.update(next, rev)) return next;
  }
  throw new Error(`Ticket ${ticketId} kept changing`);
}
