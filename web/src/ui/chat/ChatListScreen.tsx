import { useEffect, useState } from 'preact/hooks';
import {
  type Conversation,
  listConversations,
  localConversationId,
  sendMessageRequest,
  startConversation,
  startConversationRequest,
} from '../../api/chat-client.js';
import { NetworkError } from '../../api/http.js';
import { queueRequest } from '../../state/app-controller.js';
import { appStore } from '../../state/app-state.js';
import { navigate } from '../../state/router.js';
import { useStore } from '../../state/store.js';
import { formatTime } from '../format-time.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import './chat.css';

/** `/help`: the user's conversations with support, newest first, and a form to ask something new. */
export function ChatListScreen() {
  const me = useStore(appStore, (s) => s.session?.user.userId);
  const online = useStore(appStore, (s) => s.online);
  const [list, setList] = useState<{ items: Conversation[]; status: 'loading' | 'ok' | 'error'; error?: string }>({
    items: [],
    status: 'loading',
  });
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    listConversations().then(
      // Support staff list the tenant's conversations; this screen is the user's own.
      (page) => setList({ items: page.items.filter((c) => c.ownerId === me), status: 'ok' }),
      (error: unknown) => setList({ items: [], status: 'error', error: String((error as Error).message ?? error) }),
    );
  }, [me, online]);

  const ask = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const text = String(new FormData(form).get('question') ?? '').trim();
    if (!text) {
      setProblem('Write your question first.');
      (form.elements.namedItem('question') as HTMLInputElement).focus();
      return;
    }
    try {
      // Offline, or the network fails on the way: the start waits in the queue with the message.
      const started = online
        ? await startConversation(text.slice(0, 120)).catch((error: unknown) => {
            if (error instanceof NetworkError) return undefined;
            throw error;
          })
        : undefined;
      if (!started) {
        navigate(`/help/${encodeURIComponent(await startQueued(text))}`);
        return;
      }
      await queueRequest(sendMessageRequest(started.conversationId, crypto.randomUUID(), text));
      navigate(`/help/${encodeURIComponent(started.conversationId)}`);
    } catch (error) {
      setProblem(`Could not start the conversation: ${(error as Error).message}`);
    }
  };

  return (
    <section class="chat narrow" aria-labelledby="screen-title">
      <ScreenHeading>Help</ScreenHeading>
      <form class="panel" onSubmit={ask} noValidate>
        <h2>Ask support</h2>
        <label for="question">What do you need help with?</label>
        <input id="question" name="question" type="text" maxLength={2000} autoComplete="off" enterKeyHint="send" />
        {problem ? (
          <p class="error" role="alert">
            {problem}
          </p>
        ) : null}
        {online ? null : (
          <p class="hint">You are offline: your question waits and goes, with what you add, when you are back.</p>
        )}
        <button type="submit">Start conversation</button>
      </form>
      <h2 id="conversations-title">Your conversations</h2>
      {list.status === 'loading' ? <p class="hint">Loading your conversations…</p> : null}
      {list.status === 'error' ? <p class="error">Could not load your conversations: {list.error}</p> : null}
      {list.status === 'ok' && list.items.length === 0 ? <p class="hint">No conversations yet.</p> : null}
      <ul class="plain-list conversation-list" aria-labelledby="conversations-title">
        {list.items.map((c) => (
          <li key={c.conversationId} class="conversation-item">
            <Link href={`/help/${encodeURIComponent(c.conversationId)}`}>{c.subject || 'Conversation'}</Link>
            <p class="hint">
              {c.status === 'handoff' ? 'With a person from support' : 'With the assistant'} · last activity{' '}
              <time dateTime={c.updatedAt}>{formatTime(c.updatedAt)}</time>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Starts a conversation without the network: its start and first message wait in the queue and go,
 * in that order, on reconnect. Its stand-in id, for the conversation screen until then.
 */
async function startQueued(text: string): Promise<string> {
  const placeholder = localConversationId();
  await queueRequest(startConversationRequest(placeholder, text.slice(0, 120)));
  await queueRequest(sendMessageRequest(placeholder, crypto.randomUUID(), text));
  return placeholder;
}
