import type { Identity } from '../../../platform/auth/identity.js';
import { canRead, isSupport } from '../domain/access.js';
import {
  type ChatMessage,
  type Conversation,
  type ConversationView,
  conversationView,
} from '../domain/conversation.js';
import { ConversationNotFound } from '../errors.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import { messageView } from './message-view.js';

/** A page of a list (contract: `{items, nextCursor?}`). */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

/** Newest first: a customer's own conversations; support staff see the tenant's. */
export async function listConversations(
  ports: { readonly conversations: Pick<ConversationStore, 'list'> },
  caller: Identity,
  limit: number,
  cursor?: string,
): Promise<Page<ConversationView>> {
  const page = await ports.conversations.list(
    caller.tenantId,
    isSupport(caller) ? undefined : caller.userId,
    limit,
    cursor,
  );
  const items = page.items.map(conversationView);
  return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
}

/** A conversation the caller may read; 404 CONVERSATION_NOT_FOUND for any other. */
export async function readableConversation(
  ports: { readonly conversations: Pick<ConversationStore, 'get'> },
  caller: Identity,
  conversationId: string,
): Promise<Conversation> {
  const found = await ports.conversations.get(caller.tenantId, conversationId);
  if (!found || !canRead(caller, found.conversation)) throw new ConversationNotFound(conversationId);
  return found.conversation;
}

/** Oldest first, one page of a conversation the caller may read. */
export async function listMessages(
  ports: { readonly conversations: Pick<ConversationStore, 'get' | 'messages'> },
  caller: Identity,
  conversationId: string,
  limit: number,
  cursor?: string,
): Promise<Page<ChatMessage>> {
  await readableConversation(ports, caller, conversationId);
  const page = await ports.conversations.messages(caller.tenantId, conversationId, limit, cursor);
  const items = page.items.map((message) => messageView(message, caller));
  return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
}
