import type { Understanding } from '../../../ml/ports/language-understanding.js';
import type { Identity } from '../../../platform/auth/identity.js';
import { canRead, canWriteAsUser } from '../domain/access.js';
import {
  BOT_AUTHOR,
  type ChatMessage,
  type Conversation,
  INITIAL_DIALOGUE,
  type StoredMessage,
} from '../domain/conversation.js';
import { decideTurn } from '../domain/dialogue-policy.js';
import type { VehicleFacts } from '../domain/facts.js';
import type { Ticket } from '../domain/ticket.js';
import { ConversationNotFound, NotConversationOwner } from '../errors.js';
import { CHAT_EVENTS } from '../events.js';
import type { SendRecord } from '../ports/conversation-store.js';
import type { BotPorts } from './chat-ports.js';
import { groundActions } from './ground-actions.js';
import { messageView } from './message-view.js';

/** Vehicles of the caller passed to the NLU (to resolve "unit 77") and offered as quick replies. */
export const CALLER_VEHICLES_LIMIT = 20;
/** Turns of one conversation racing each other: how often one re-reads and decides again. */
const MAX_ATTEMPTS = 4;
/** Vehicle ids of one message the bot resolves. */
const MAX_MENTIONED = 3;

export interface SendMessageCommand {
  readonly caller: Identity;
  /** Absent: the message starts a conversation. */
  readonly conversationId?: string;
  readonly clientMessageId: string;
  readonly text: string;
}

export interface SendMessageResult {
  readonly conversation: Conversation;
  /** The user's message, with its clientMessageId. */
  readonly message: ChatMessage;
  /** The bot's replies; none after a hand-off. */
  readonly replies: readonly ChatMessage[];
  /** True when this clientMessageId had been stored before: nothing new was written. */
  readonly duplicate: boolean;
  /** The ticket this turn opened (hand-off), also on a duplicate so its event is published again. */
  readonly ticket?: Ticket;
}

/** Hooks a primary adapter uses to show progress (the WebSocket route's typing indicator). */
export interface SendMessageHooks {
  /** Called once the conversation is known and the bot is about to work on a reply. */
  readonly botWorking?: (conversation: Conversation) => Promise<void>;
}

/**
 * One user message and the bot's answer (`chat.send`, `POST /v1/conversations/{id}/messages`):
 * 1. a `clientMessageId` already stored answers what it stored (one clientMessageId, one message);
 * 2. the conversation is read (only its owner writes in it; anyone else of the tenant who may
 *    read it gets 403, everyone else 404) or, without an id, started;
 * 3. the message is understood once (NLU), its vehicle ids resolved against the caller's fleet;
 * 4. the dialogue policy decides, the actions are grounded in the tenant's data (after a
 *    hand-off the bot stays silent);
 * 5. message, replies, send record, dialogue state and any ticket are stored in one transaction
 *    (a concurrent turn of the same conversation makes this one re-read and decide again);
 * 6. a new ticket is published as `ticket.created`.
 */
export async function sendMessage(
  ports: BotPorts,
  command: SendMessageCommand,
  hooks: SendMessageHooks = {},
): Promise<SendMessageResult> {
  const { caller } = command;
  // The send record and the conversation are read together: one round trip, not two.
  const [earlier, found] = await Promise.all([
    ports.conversations.findSend(caller.tenantId, caller.userId, command.clientMessageId),
    conversationFor(ports, command).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
  ]);
  if (earlier) return replay(ports, caller, earlier);
  if ('error' in found) throw found.error;
  let { conversation, rev } = found.value;

  const [callerVehicles] = await Promise.all([
    ports.fleet.vehicleIds(caller, CALLER_VEHICLES_LIMIT),
    conversation.status === 'handoff' ? undefined : hooks.botWorking?.(conversation),
  ]);
  const sentAt = ports.clock.now();
  const understanding = await ports.nlu.understand(command.text, {
    fleet: callerVehicles,
    now: sentAt,
    previous: conversation.dialogue.recentUserTexts ?? [],
  });
  const vehicles = new Map<string, VehicleFacts | undefined>();
  const mentioned = await resolveVehicles(ports, caller, understanding, callerVehicles, vehicles);

  const message: StoredMessage = {
    conversationId: conversation.conversationId,
    messageId: ports.newId(),
    clientMessageId: command.clientMessageId,
    author: { type: 'user', id: caller.userId },
    text: command.text,
    sentAt: sentAt.toISOString(),
    understanding,
  };

  for (let attempt = 1; ; attempt++) {
    const silent = conversation.status === 'handoff';
    const turn = silent
      ? undefined
      : decideTurn(conversation.dialogue, {
          text: command.text,
          understanding,
          mentioned,
          callerVehicles,
          ...(conversation.alertId ? { conversationAlertId: conversation.alertId } : {}),
        });
    const grounded = turn
      ? await groundActions(
          ports,
          { caller, conversation, message, text: command.text, callerVehicles, vehicles },
          turn.actions,
        )
      : { replies: [] };
    const repliedAt = ports.clock.now().toISOString();
    const nlu = {
      intent: understanding.intent,
      confidence: understanding.confidence,
      sentiment: understanding.sentiment,
    };
    const replies: StoredMessage[] = grounded.replies.map((reply) => ({
      conversationId: conversation.conversationId,
      messageId: ports.newId(),
      author: BOT_AUTHOR,
      text: reply.text,
      sentAt: repliedAt,
      nlu,
      ...(reply.quickReplies ? { quickReplies: reply.quickReplies } : {}),
    }));
    const after: Conversation = {
      ...conversation,
      ...(turn ? { dialogue: turn.state } : {}),
      ...(grounded.ticket ? { status: 'handoff', ticketId: grounded.ticket.ticketId } : {}),
      updatedAt: repliedAt,
    };
    const outcome = await ports.conversations.recordTurn({
      conversation: after,
      expectedRev: rev,
      userId: caller.userId,
      clientMessageId: command.clientMessageId,
      message,
      replies,
      ...(grounded.ticket ? { ticket: grounded.ticket } : {}),
      ...(silent && conversation.ticketId ? { heldBy: conversation.ticketId } : {}),
    });
    if (outcome.stored) {
      if (grounded.ticket) await publishTicket(ports, grounded.ticket);
      return {
        conversation: after,
        message: messageView(message, caller),
        replies: replies.map((reply) => messageView(reply, caller)),
        duplicate: false,
        ...(grounded.ticket ? { ticket: grounded.ticket } : {}),
      };
    }
    if (outcome.reason === 'duplicate') return replay(ports, caller, outcome.existing);
    if (attempt >= MAX_ATTEMPTS) throw new Error(`Conversation ${conversation.conversationId} kept changing`);
    ({ conversation, rev } = await existingConversation(ports, caller, conversation.conversationId));
  }
}

/** What an earlier send stored, returned again; its ticket's event is published again (at least once). */
async function replay(ports: BotPorts, caller: Identity, earlier: SendRecord): Promise<SendMessageResult> {
  const { conversation } = await existingConversation(ports, caller, earlier.conversationId);
  const stored = await ports.conversations.messagesById(caller.tenantId, earlier.conversationId, [
    earlier.messageId,
    ...earlier.replyIds,
  ]);
  const message = stored.find((m) => m.messageId === earlier.messageId);
  if (!message) throw new Error(`Send record of ${earlier.messageId} without its message`);
  const ticket = earlier.ticketId ? await ports.conversations.getTicket(caller.tenantId, earlier.ticketId) : undefined;
  if (ticket) await publishTicket(ports, ticket);
  return {
    conversation,
    message: messageView(message, caller),
    replies: stored.filter((m) => m.messageId !== earlier.messageId).map((m) => messageView(m, caller)),
    duplicate: true,
    ...(ticket ? { ticket } : {}),
  };
}

async function conversationFor(
  ports: BotPorts,
  command: SendMessageCommand,
): Promise<{ conversation: Conversation; rev: number }> {
  if (command.conversationId !== undefined) return existingConversation(ports, command.caller, command.conversationId);
  const now = ports.clock.now().toISOString();
  return {
    conversation: {
      tenantId: command.caller.tenantId,
      conversationId: ports.newId(),
      ownerId: command.caller.userId,
      subject: command.text.slice(0, 120),
      status: 'bot',
      dialogue: INITIAL_DIALOGUE,
      createdAt: now,
      updatedAt: now,
    },
    rev: 0,
  };
}

/** The conversation the caller writes in: 404 unless they may read it, 403 unless it is theirs. */
async function existingConversation(
  ports: BotPorts,
  caller: Identity,
  conversationId: string,
): Promise<{ conversation: Conversation; rev: number }> {
  const found = await ports.conversations.get(caller.tenantId, conversationId);
  if (!found || !canRead(caller, found.conversation)) throw new ConversationNotFound(conversationId);
  if (!canWriteAsUser(caller, found.conversation)) throw new NotConversationOwner(conversationId);
  return found;
}

/** The message's vehicle ids, each known or not to the caller (a page of their ids, else one read). */
async function resolveVehicles(
  ports: BotPorts,
  caller: Identity,
  understanding: Understanding,
  callerVehicles: readonly string[],
  vehicles: Map<string, VehicleFacts | undefined>,
): Promise<{ vehicleId: string; known: boolean }[]> {
  const ids = [...new Set(understanding.entities.filter((e) => e.type === 'vehicle_id').map((e) => e.value))].slice(
    0,
    MAX_MENTIONED,
  );
  return Promise.all(
    ids.map(async (vehicleId) => {
      if (callerVehicles.includes(vehicleId)) return { vehicleId, known: true };
      const facts = await ports.fleet.vehicle(caller, vehicleId);
      vehicles.set(vehicleId, facts);
      return { vehicleId, known: facts !== undefined };
    }),
  );
}

async function publishTicket(ports: BotPorts, ticket: Ticket): Promise<void> {
  const { transcript: _transcript, ...detail } = ticket;
  await ports.events.publish([{ source: CHAT_EVENTS.source, detailType: CHAT_EVENTS.ticketCreated, detail }]);
}
