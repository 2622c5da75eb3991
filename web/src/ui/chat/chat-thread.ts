import type { ChatMessage } from '../../api/chat-client.js';

/** A message of the thread: stored (it has a messageId) or still in the offline queue. */
export interface ThreadMessage extends Omit<ChatMessage, 'messageId'> {
  readonly messageId?: string;
  /** Set while the message waits in the queue: not sent yet (offline, or the server failed). */
  readonly queued?: boolean;
}

/**
 * The messages of a conversation in order: stored ones by id (a frame seen twice, or a message
 * both fetched and pushed, shows once), then those still queued — a queued message whose
 * `clientMessageId` is stored already is gone from the queue's list.
 */
export function mergeThread(
  stored: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
  queued: readonly ThreadMessage[],
): { stored: ChatMessage[]; thread: ThreadMessage[] } {
  const byId = new Map<string, ChatMessage>();
  for (const message of [...stored, ...incoming]) byId.set(message.messageId, message);
  const sorted = [...byId.values()].sort((a, b) =>
    a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0,
  );
  const sent = new Set(sorted.map((m) => m.clientMessageId).filter(Boolean));
  return { stored: sorted, thread: [...sorted, ...queued.filter((q) => !sent.has(q.clientMessageId))] };
}

/**
 * The stored messages after a fetch of the conversation: the fetched ones, plus those of the same
 * conversation that arrived as frames while the fetch was in flight. Replacing the list with the
 * fetch lost a message: on reconnect the queue sent two messages while the page re-fetched, the
 * fetch had read only the first, and the second's frame (already shown) was overwritten.
 */
export function afterFetch(
  fetched: readonly ChatMessage[],
  current: readonly ChatMessage[],
  conversationId: string,
): ChatMessage[] {
  // The fetched copy wins: mergeThread keeps the later of two messages with one id.
  return mergeThread(
    current.filter((m) => m.conversationId === conversationId),
    fetched,
    [],
  ).stored;
}

/** How an author is written: "You", the assistant's name, "Support agent". */
export function authorLabel(message: Pick<ChatMessage, 'author'>, me: string): string {
  if (message.author.type === 'user') return message.author.id === me ? 'You' : `Customer ${message.author.id}`;
  if (message.author.type === 'bot') return message.author.name ?? 'Fleetops Assistant';
  return message.author.name ? `${message.author.name} (support)` : 'Support agent';
}
