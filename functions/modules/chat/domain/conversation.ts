import type { Intent, Sentiment, Understanding } from '../../../ml/ports/language-understanding.js';

/** Who wrote a message (contract "Support chat": `author:{type, id, name?}`). */
export interface Author {
  readonly type: 'user' | 'bot' | 'agent';
  readonly id: string;
  readonly name?: string;
}

/** The bot as an author: one id for every tenant, so clients can tell its messages apart. */
export const BOT_AUTHOR: Author = { type: 'bot', id: 'fleetops-bot', name: 'Fleetops Assistant' };

/** What the bot understood of the user message a reply answers (the frame's `nlu`). */
export interface NluSummary {
  readonly intent: Intent;
  readonly confidence: number;
  readonly sentiment: Sentiment;
}

/** One message of a conversation, as the `chat.message` frame and the messages list carry it. */
export interface ChatMessage {
  readonly conversationId: string;
  /** ULID: messages sort by time. */
  readonly messageId: string;
  readonly clientMessageId?: string;
  readonly author: Author;
  readonly text: string;
  readonly sentAt: string;
  /** On a bot reply: what it understood of the user's message. */
  readonly nlu?: NluSummary;
  readonly quickReplies?: readonly string[];
}

/** A stored user message keeps the whole NLU result (entities included), understood once. */
export interface StoredMessage extends ChatMessage {
  readonly understanding?: Understanding;
}

/** Where a conversation stands: the bot answers it, or a human has it (the bot is silent). */
export type ConversationStatus = 'bot' | 'handoff';

/** Why the bot offered a human. */
export type HandoffReason = 'asked' | 'frustration' | 'fallbacks';

/**
 * What the bot remembers between turns: the vehicle the conversation is about (so "where is it?"
 * after "TRK-204 won't start" means TRK-204), an intent waiting for its vehicle, the fallback streak
 * that offers a human, the last user messages (the NLU sees a repeated ask as frustration), and
 * whether a human was offered.
 */
export interface DialogueState {
  readonly vehicleId?: string;
  readonly pendingIntent?: Intent;
  /** Fallbacks in a row. */
  readonly fallbacks: number;
  /**
   * The conversation's last user messages, oldest first, each cut to {@link REMEMBERED_TEXT}
   * characters (absent on conversations stored before ADR 0118).
   */
  readonly recentUserTexts?: readonly string[];
  /** Set while the offer of a human waits for an answer. */
  readonly offered?: HandoffReason;
}

export const INITIAL_DIALOGUE: DialogueState = { fallbacks: 0 };

/** User messages the dialogue state remembers, and how much of each. */
export const REMEMBERED_MESSAGES = 3;
export const REMEMBERED_TEXT = 200;

/** A support conversation of one user (its owner) in one tenant. */
export interface Conversation {
  readonly tenantId: string;
  /** ULID. */
  readonly conversationId: string;
  readonly ownerId: string;
  readonly subject?: string;
  /** The alert this conversation is about, when it was opened from one. */
  readonly alertId?: string;
  readonly status: ConversationStatus;
  readonly ticketId?: string;
  readonly dialogue: DialogueState;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A conversation as `GET /v1/conversations` lists it. */
export type ConversationView = Omit<Conversation, 'dialogue'>;

/** The list view of a conversation: everything but the bot's private memory. */
export function conversationView(conversation: Conversation): ConversationView {
  const { dialogue: _dialogue, ...view } = conversation;
  return view;
}
