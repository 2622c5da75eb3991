import type { Conversation, ConversationStatus, StoredMessage } from '../domain/conversation.js';
import type { Ticket } from '../domain/ticket.js';

/** What one user message stored: its conversation, the message and the bot's replies. */
export interface SendRecord {
  readonly conversationId: string;
  readonly messageId: string;
  readonly replyIds: readonly string[];
  readonly ticketId?: string;
}

/** One turn to store atomically: the user's message, the replies, the conversation after them. */
export interface TurnWrite {
  /** The conversation after the turn; `expectedRev` is the revision it was read at (0: new). */
  readonly conversation: Conversation;
  readonly expectedRev: number;
  readonly userId: string;
  readonly clientMessageId: string;
  readonly message: StoredMessage;
  readonly replies: readonly StoredMessage[];
  readonly ticket?: Ticket;
  /**
   * The ticket holding the conversation when the user's message came (the bot stayed silent): the
   * stored message carries it, so its stream record tells tickets a customer replied.
   */
  readonly heldBy?: string;
}

/**
 * Why a turn was not stored: `duplicate` when this (user, clientMessageId) already stored a
 * message (one clientMessageId stores one message), `conflict` when the conversation changed
 * since it was read (another turn won; re-read and decide again).
 */
export type TurnOutcome =
  | { readonly stored: true }
  | { readonly stored: false; readonly reason: 'duplicate'; readonly existing: SendRecord }
  | { readonly stored: false; readonly reason: 'conflict' };

/** How far one reader has read a conversation. */
export interface ReadMark {
  readonly readerId: string;
  readonly messageId: string;
  readonly readAt: string;
}

export interface ConversationPage {
  readonly items: Conversation[];
  readonly nextCursor?: string;
}

export interface MessagePage {
  readonly items: StoredMessage[];
  readonly nextCursor?: string;
}

/** What {@link ConversationStore.create} did. */
export type ConversationCreation =
  | { readonly outcome: 'created' }
  /** Another conversation has this id: nothing was written. */
  | { readonly outcome: 'idTaken' }
  /** The owner started `conversationId` with this key before: nothing was written. */
  | { readonly outcome: 'startedBefore'; readonly conversationId: string };

/** A conversation with the revision its next write must match. */
export interface VersionedConversation {
  readonly conversation: Conversation;
  readonly rev: number;
}

/** Conversations, their messages, the send records that make clientMessageIds idempotent, tickets. */
export interface ConversationStore {
  /**
   * Creates a conversation with its opening bot messages, and with `startKey` a record of the start
   * under the owner and that key, in one write: a start that was made with the key before (and whose
   * record has not expired) creates nothing and names the conversation it made.
   */
  create(
    conversation: Conversation,
    opening: readonly StoredMessage[],
    options?: { readonly startKey?: string },
  ): Promise<ConversationCreation>;
  /** A strongly consistent read with the revision; undefined for another tenant's or an unknown id. */
  get(tenantId: string, conversationId: string): Promise<VersionedConversation | undefined>;
  /** Newest first: the tenant's, or only `ownerId`'s. InvalidCursor for another tenant's cursor. */
  list(tenantId: string, ownerId: string | undefined, limit: number, cursor?: string): Promise<ConversationPage>;
  /** Oldest first. InvalidCursor for a cursor not of this tenant and conversation. */
  messages(tenantId: string, conversationId: string, limit: number, cursor?: string): Promise<MessagePage>;
  /** These messages of the conversation (missing ones are left out), in id order. */
  messagesById(tenantId: string, conversationId: string, messageIds: readonly string[]): Promise<StoredMessage[]>;
  /** What an earlier send with this clientMessageId stored, if any. */
  findSend(tenantId: string, userId: string, clientMessageId: string): Promise<SendRecord | undefined>;
  /** Stores the turn in one transaction, or says why not. */
  recordTurn(turn: TurnWrite): Promise<TurnOutcome>;
  /** Records that `readerId` has read up to `messageId`. */
  markRead(
    tenantId: string,
    conversationId: string,
    readerId: string,
    messageId: string,
    readAt: string,
  ): Promise<void>;
  /** Every reader's mark in the conversation. */
  readMarks(tenantId: string, conversationId: string): Promise<ReadMark[]>;
  getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined>;
  /** Stores a message written outside a turn (an agent's reply); false when its id is taken. */
  appendMessage(tenantId: string, message: StoredMessage): Promise<boolean>;
  /**
   * Gives the conversation to its ticket (`handoff`: the bot is silent) or back to the bot (`bot`,
   * with a fresh dialogue), bumping `rev` so a turn racing it decides again. Only a conversation
   * whose `ticketId` is this ticket changes; false otherwise.
   */
  setHolder(tenantId: string, conversationId: string, ticketId: string, status: ConversationStatus): Promise<boolean>;
}
