import { defineModule } from '../../platform/wiring/module.js';
import { CHAT_ERRORS } from './errors.js';
import { CHAT_EVENTS } from './events.js';
import { chatSocket } from './handlers/chat-socket.handler.js';
import { createConversation } from './handlers/create-conversation.handler.js';
import { postMessage } from './handlers/post-message.handler.js';
import { readConversations } from './handlers/read-conversations.handler.js';
import { CHAT_TABLE } from './tables.js';

/**
 * Support chat with a grounded bot (C7) and its hand-off to a ticket (C8, minimal): conversations
 * over HTTP and WebSocket, the dialogue policy answering from the tenant's fleet, alerts and
 * knowledge base, and `ticket.created` when a person takes over (docs/adr/0100).
 */
export const chatModule = defineModule({
  name: 'chat',
  tables: [CHAT_TABLE],
  functions: [createConversation, readConversations, postMessage, chatSocket],
  events: { source: CHAT_EVENTS.source, detailTypes: [CHAT_EVENTS.ticketCreated] },
  errors: [...CHAT_ERRORS],
});
