import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../web/src/api/chat-client.js';
import { afterFetch, mergeThread } from '../../web/src/ui/chat/chat-thread.js';

const message = (conversationId: string, messageId: string, clientMessageId?: string): ChatMessage => ({
  conversationId,
  messageId,
  ...(clientMessageId ? { clientMessageId } : {}),
  author: { type: 'user', id: 'acme-driver-2' },
  text: `text ${messageId}`,
  sentAt: '2026-12-03T13:00:00.000Z',
});

/** The chat screen's thread, DOM-free. */
describe('chat thread', () => {
  // Found by tests/web/support-screens.test.ts under CI load: on reconnect the queue sent two
  // messages while the page re-fetched; the fetch had read only the first, and replacing the list
  // with it dropped the second, whose frame had already arrived.
  it('keeps messages that arrived as frames while a fetch was in flight', () => {
    // Prepare
    const first = message('C1', '01A', 'q-1');
    const second = message('C1', '01B', 'q-2');

    // Act
    const stored = afterFetch([first], [first, second], 'C1');

    // Assess
    expect(stored.map((m) => m.messageId)).toEqual(['01A', '01B']);
    expect(mergeThread(stored, [], []).thread.map((m) => m.clientMessageId)).toEqual(['q-1', 'q-2']);
  });

  it('takes the fetched copy of a message, and drops messages of another conversation', () => {
    // Prepare
    const fetched = { ...message('C1', '01A'), text: 'as stored' };

    // Act
    const stored = afterFetch([fetched], [message('C1', '01A'), message('C0', '00Z')], 'C1');

    // Assess
    expect(stored).toEqual([fetched]);
  });
});
