import type { Frame } from '../../../platform/websocket/websocket-handler.js';
import { type Author, BOT_AUTHOR, type ChatMessage, type Conversation } from '../domain/conversation.js';
import { CHAT_FRAMES } from '../events.js';
import type { SendMessageResult } from './send-message.js';

/** A `chat.message` frame. */
export function messageFrame(message: ChatMessage): Frame<ChatMessage> {
  return { type: CHAT_FRAMES.message, data: message };
}

/** A `chat.typing` frame: `author` is typing in the conversation. */
export function typingFrame(conversation: Pick<Conversation, 'conversationId'>, author: Author = BOT_AUTHOR): Frame {
  return { type: CHAT_FRAMES.typing, data: { conversationId: conversation.conversationId, author } };
}

/** What the conversation's participants receive for one stored turn, in order. */
export function participantFrames(result: SendMessageResult): Frame[] {
  const frames: Frame[] = [messageFrame(result.message), ...result.replies.map(messageFrame)];
  if (result.ticket) {
    frames.push({
      type: CHAT_FRAMES.handoff,
      data: { conversationId: result.conversation.conversationId, ticketId: result.ticket.ticketId },
    });
  }
  return frames;
}
