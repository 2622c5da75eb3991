import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import {
  type ChatMessage,
  type Conversation,
  isLocalConversation,
  listConversations,
  listMessages,
  type OwnTicket,
  ownTicket,
  sendMessageRequest,
} from '../../api/chat-client.js';
import { type ActionOutcome, createdId, pendingActions } from '../../offline/action-queue.js';
import type { Frame } from '../../realtime/live-socket.js';
import { liveSocket, onQueueFlushed, queueRequest } from '../../state/app-controller.js';
import { appStore, ownerOf } from '../../state/app-state.js';
import { navigate } from '../../state/router.js';
import { afterFetch, authorLabel, mergeThread, type ThreadMessage } from './chat-thread.js';

/** How long a typing indicator lasts without a new `chat.typing`. */
const TYPING_MS = 6000;
/** How often this user's own typing is sent while they type. */
const TYPING_EVERY_MS = 3000;

/** What the conversation screen shows. */
export interface ConversationState {
  readonly status: 'loading' | 'ok' | 'error';
  readonly error?: string;
  readonly conversation?: Conversation;
  readonly thread: readonly ThreadMessage[];
  /** Who is typing now, written for people ("Fleetops Assistant is typing…"). */
  readonly typing?: string;
  /** The newest of this user's messages someone else has read. */
  readonly readUpTo?: string;
  readonly ticket?: OwnTicket;
}

/**
 * One conversation, live: its messages (fetched, then `chat.message` frames), the queue's
 * messages not sent yet, typing and read state, the hand-off and its ticket. `announce` is
 * called with each new message of someone else (for the polite live region). A conversation
 * started offline has a stand-in id until the queue has started it: the screen shows the queued
 * messages, and moves to the conversation's own id once the server has given it.
 */
export function useConversation(conversationId: string, announce: (text: string) => void) {
  const session = appStore.get().session;
  const me = session?.user.userId ?? '';
  const owner = session ? ownerOf(session) : '';
  const [state, setState] = useState<ConversationState>({ status: 'loading', thread: [] });
  const stored = useRef<ChatMessage[]>([]);
  const incoming = useRef<ChatMessage[]>([]);
  const queued = useRef<ThreadMessage[]>([]);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastTypingSent = useRef(0);
  const lastReadSent = useRef('');
  const ticketId = useRef<string | undefined>(undefined);
  ticketId.current = state.conversation?.ticketId;

  const rebuild = useCallback(() => {
    const merged = mergeThread(stored.current, incoming.current, queued.current);
    stored.current = merged.stored;
    incoming.current = [];
    setState((s) => ({ ...s, thread: merged.thread }));
  }, []);

  const refreshQueued = useCallback(async () => {
    const pending = await pendingActions(owner).catch(() => []);
    queued.current = pending
      .filter((a) => a.kind === 'chat.send' && a.subject === conversationId)
      .map((a) => {
        const body = a.body as { clientMessageId: string; text: string };
        return {
          conversationId,
          clientMessageId: body.clientMessageId,
          author: { type: 'user', id: me },
          text: body.text,
          sentAt: new Date(a.queuedAt).toISOString(),
          queued: true,
        } satisfies ThreadMessage;
      });
    rebuild();
  }, [conversationId, owner, me, rebuild]);

  const reload = useCallback(async () => {
    if (isLocalConversation(conversationId)) {
      const id = createdId(conversationId);
      if (id) navigate(`/help/${encodeURIComponent(id)}`, true);
      setState((s) => ({ ...s, status: 'ok' }));
      await refreshQueued();
      return;
    }
    try {
      const [messages, conversations] = await Promise.all([listMessages(conversationId), listConversations()]);
      const conversation = conversations.items.find((c) => c.conversationId === conversationId);
      // Frames that arrived while the fetch was in flight stay: the fetch may have read before them.
      stored.current = afterFetch(messages, stored.current, conversationId);
      const ticket = conversation?.ticketId ? await ownTicket(conversation.ticketId).catch(() => undefined) : undefined;
      setState((s) => ({
        ...s,
        status: 'ok',
        ...(conversation ? { conversation } : {}),
        ...(ticket ? { ticket } : {}),
      }));
      await refreshQueued();
    } catch (error) {
      setState((s) => ({ ...s, status: 'error', error: error instanceof Error ? error.message : String(error) }));
      await refreshQueued();
    }
  }, [conversationId, refreshQueued]);

  useEffect(() => {
    void reload();
    const offFlush = onQueueFlushed((outcomes: readonly ActionOutcome[]) => {
      const started = outcomes.find((o) => o.result === 'sent' && o.created?.placeholder === conversationId);
      if (started?.result === 'sent' && started.created) {
        navigate(`/help/${encodeURIComponent(started.created.id)}`, true);
        return;
      }
      void refreshQueued();
    });
    const onOnline = () => void reload();
    addEventListener('online', onOnline);
    const onFrame = (frame: Frame) => {
      const data = frame.data as Record<string, unknown>;
      if (frame.type === 'ticket.updated' && data.ticketId && data.ticketId === ticketId.current) {
        setState((s) => ({ ...s, ticket: { ...(s.ticket ?? {}), ...(data as unknown as OwnTicket) } }));
        if (data.status === 'resolved') announce('Support marked your request as resolved.');
        return;
      }
      if (data?.conversationId !== conversationId) return;
      if (frame.type === 'chat.message') {
        const message = data as unknown as ChatMessage;
        const known = stored.current.some((m) => m.messageId === message.messageId);
        incoming.current.push(message);
        rebuild();
        clearTimeout(typingTimer.current);
        setState((s) => ({ ...s, typing: undefined }));
        if (!known && message.author.id !== me) announce(`${authorLabel(message, me)}: ${message.text}`);
      } else if (frame.type === 'chat.typing') {
        const author = data.author as ChatMessage['author'];
        if (author?.id === me) return;
        clearTimeout(typingTimer.current);
        setState((s) => ({ ...s, typing: `${authorLabel({ author }, me)} is typing…` }));
        typingTimer.current = setTimeout(() => setState((s) => ({ ...s, typing: undefined })), TYPING_MS);
      } else if (frame.type === 'chat.read') {
        if (data.readerId === me) return;
        const messageId = String(data.messageId);
        setState((s) => ({ ...s, readUpTo: !s.readUpTo || messageId > s.readUpTo ? messageId : s.readUpTo }));
      } else if (frame.type === 'conversation.handoff') {
        void reload();
      }
    };
    const off = liveSocket()?.listen(onFrame);
    return () => {
      off?.();
      offFlush();
      removeEventListener('online', onOnline);
      clearTimeout(typingTimer.current);
    };
  }, [conversationId]);

  // Read receipts: the newest message of someone else, once, while the page is visible.
  const newestOther = [...state.thread].reverse().find((m) => m.messageId && m.author.id !== me)?.messageId;
  useEffect(() => {
    if (!newestOther || newestOther === lastReadSent.current || document.visibilityState !== 'visible') return;
    if (liveSocket()?.send({ action: 'chat.read', conversationId, messageId: newestOther })) {
      lastReadSent.current = newestOther;
    }
  }, [newestOther, conversationId]);

  /** Queues the message (sent now when online, else on reconnect, once, in order). */
  const send = useCallback(
    async (text: string) => {
      await queueRequest(sendMessageRequest(conversationId, crypto.randomUUID(), text));
      await refreshQueued();
    },
    [conversationId, refreshQueued],
  );

  /** Tells the others this user is typing (at most every few seconds). */
  const typing = useCallback(() => {
    const now = Date.now();
    if (now - lastTypingSent.current < TYPING_EVERY_MS) return;
    if (liveSocket()?.send({ action: 'chat.typing', conversationId })) lastTypingSent.current = now;
  }, [conversationId]);

  return { state, send, typing, reload, me };
}
