import type { Identity } from '../../../platform/auth/identity.js';
import { isSupport } from '../domain/access.js';
import type { ChatMessage, StoredMessage } from '../domain/conversation.js';

/**
 * A stored message as a client sees it (the `chat.message` frame's fields). Support staff also see
 * what the bot understood of a user's message (`nlu`); customers see it on the bot's replies only.
 */
export function messageView(message: StoredMessage, viewer: Pick<Identity, 'roles'>): ChatMessage {
  const { understanding, ...view } = message;
  if (understanding && isSupport(viewer)) {
    return {
      ...view,
      nlu: { intent: understanding.intent, confidence: understanding.confidence, sentiment: understanding.sentiment },
    };
  }
  return view;
}
