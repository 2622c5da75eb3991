/** A message of the conversation a ticket holds, as the chat module stores and frames it. */
export interface TranscriptMessage {
  readonly conversationId: string;
  readonly messageId: string;
  readonly author: { readonly type: 'user' | 'bot' | 'agent'; readonly id: string; readonly name?: string };
  readonly text: string;
  readonly sentAt: string;
  readonly nlu?: { readonly intent: string; readonly confidence: number; readonly sentiment: string };
  readonly quickReplies?: readonly string[];
}

/** The conversation behind a ticket, as far as tickets need it. */
export interface ConversationSummary {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly ownerId: string;
  readonly status: 'bot' | 'handoff';
  readonly ticketId?: string;
  /** The vehicle the conversation is about, when the bot knows it. */
  readonly vehicleId?: string;
  readonly alertId?: string;
}

/**
 * The tickets context's door into chat (docs/adr/0101): read the conversation a ticket holds, put
 * an agent's public reply into it, and give it back to the bot on resolution (or take it again on
 * reopening). Tickets never build chat's keys; the adapter sits on chat's own store.
 */
export interface ConversationChannel {
  conversation(tenantId: string, conversationId: string): Promise<ConversationSummary | undefined>;
  /** The whole conversation, oldest first (at most `limit` messages), agents' view (with `nlu`). */
  transcript(tenantId: string, conversationId: string, limit: number): Promise<TranscriptMessage[]>;
  /** Stores an agent's reply as a chat message of the conversation (idempotent on its messageId). */
  postAgentMessage(tenantId: string, message: TranscriptMessage): Promise<void>;
  /**
   * `held: true`: the ticket holds the conversation (the bot stays silent); `false`: the bot has it
   * back. Only a conversation this ticket holds (or held) changes.
   */
  hold(tenantId: string, conversationId: string, ticketId: string, held: boolean): Promise<void>;
}
