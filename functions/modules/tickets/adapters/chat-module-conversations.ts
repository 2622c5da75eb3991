import type { ConversationStore } from '../../chat/ports/conversation-store.js';
import { messageView } from '../../chat/use-cases/message-view.js';
import type { ConversationChannel, TranscriptMessage } from '../ports/conversation-channel.js';

/** How an agent sees a conversation's messages (with what the bot understood of each). */
const AGENT_VIEW = { roles: ['agent'] } as const;
const PAGE = 100;

/**
 * The tickets context's door into chat, on the chat module's own `ConversationStore` port and its
 * message view (docs/adr/0101): tickets read the conversation and write agent replies and the
 * hand-off state only through chat's store, never chat's keys.
 */
export function chatModuleConversations(
  conversations: Pick<ConversationStore, 'get' | 'messages' | 'appendMessage' | 'setHolder'>,
): ConversationChannel {
  return {
    async conversation(tenantId, conversationId) {
      const found = await conversations.get(tenantId, conversationId);
      if (!found) return undefined;
      const c = found.conversation;
      return {
        tenantId: c.tenantId,
        conversationId: c.conversationId,
        ownerId: c.ownerId,
        status: c.status,
        ...(c.ticketId ? { ticketId: c.ticketId } : {}),
        ...(c.dialogue.vehicleId ? { vehicleId: c.dialogue.vehicleId } : {}),
        ...(c.alertId ? { alertId: c.alertId } : {}),
      };
    },
    async transcript(tenantId, conversationId, limit) {
      const out: TranscriptMessage[] = [];
      let cursor: string | undefined;
      do {
        const page = await conversations.messages(tenantId, conversationId, Math.min(PAGE, limit - out.length), cursor);
        out.push(...page.items.map((m) => messageView(m, AGENT_VIEW) as TranscriptMessage));
        cursor = page.nextCursor;
      } while (cursor && out.length < limit);
      return out;
    },
    async postAgentMessage(tenantId, message) {
      const { nlu: _nlu, quickReplies: _quickReplies, ...agentMessage } = message;
      await conversations.appendMessage(tenantId, agentMessage);
    },
    async hold(tenantId, conversationId, ticketId, held) {
      await conversations.setHolder(tenantId, conversationId, ticketId, held ? 'handoff' : 'bot');
    },
  };
}
