import { ExposableError } from '../../platform/errors.js';

/** No conversation with this id that the caller may see (another tenant's or customer's included). */
export class ConversationNotFound extends ExposableError {
  override readonly name = 'ConversationNotFound';
  constructor(conversationId: string) {
    super(404, 'CONVERSATION_NOT_FOUND', `No conversation ${conversationId}`);
  }
}

/** Support staff read a customer's conversation but answer through its ticket, not as the customer. */
export class NotConversationOwner extends ExposableError {
  override readonly name = 'NotConversationOwner';
  constructor(conversationId: string) {
    super(
      403,
      'NOT_CONVERSATION_OWNER',
      `Only the customer writes in conversation ${conversationId}; reply through its ticket`,
    );
  }
}

/** A chat client frame that does not match its action's schema (told as an `error` frame). */
export class InvalidChatFrame extends ExposableError {
  override readonly name = 'InvalidChatFrame';
  constructor(action: string, details: readonly { path: string; message: string }[]) {
    super(400, 'INVALID_CHAT_FRAME', `The ${action} frame is not valid`, { details });
  }
}

/** The chat module's exposable errors (the alerts module registers ALERT_NOT_FOUND, which chat reuses). */
export const CHAT_ERRORS = [ConversationNotFound, NotConversationOwner, InvalidChatFrame] as const;
