import { monotonicFactory } from 'ulid';
import {
  type Author,
  type Conversation,
  INITIAL_DIALOGUE,
  type StoredMessage,
} from '../../functions/modules/chat/domain/conversation.js';

/** Monotonic ids, so conversations and messages made one after another sort in that order. */
export const newId = monotonicFactory();

/** When the fixtures' conversations and messages were made. */
export const FIXTURE_AT = '2026-11-22T14:00:00.000Z';

/** A new bot-handled conversation of `ownerId` in `tenantId`, as chat's store keeps it. */
export function conversation(tenantId: string, ownerId: string): Conversation {
  return {
    tenantId,
    conversationId: newId(),
    ownerId,
    status: 'bot',
    dialogue: INITIAL_DIALOGUE,
    createdAt: FIXTURE_AT,
    updatedAt: FIXTURE_AT,
  };
}

/** A message of the conversation, by its owner unless another author is given. */
export function message(
  of: Conversation,
  text: string,
  author: Author = { type: 'user', id: of.ownerId },
): StoredMessage {
  return { conversationId: of.conversationId, messageId: newId(), author, text, sentAt: FIXTURE_AT };
}
