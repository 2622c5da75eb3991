import { useState } from 'preact/hooks';
import { appStore } from '../../state/app-state.js';
import { useStore } from '../../state/store.js';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { CsatPrompt } from './CsatPrompt.js';
import { MessageItem } from './MessageItem.js';
import { useAnnouncer } from './use-announcer.js';
import { useConversation } from './use-conversation.js';
import './chat.css';

/** What asks the assistant for a person (the bot then offers one). */
export const TALK_TO_A_PERSON = 'I want to talk to a person';

/**
 * `/help/{conversationId}`: the conversation with the assistant or a person — messages with author
 * and time, typing and read state, the assistant's quick replies as buttons, "Talk to a person",
 * the rating after resolution; new messages are announced politely and focus stays put.
 */
export function ConversationScreen({ conversationId }: { conversationId: string }) {
  const [announcement, announce] = useAnnouncer();
  const { state, send, typing, me } = useConversation(conversationId, announce);
  const online = useStore(appStore, (s) => s.online);
  const [draft, setDraft] = useState('');
  const [rated, setRated] = useState<number>();
  const { conversation, thread, ticket } = state;
  const last = thread.at(-1);
  const quickReplies = last?.author.type === 'bot' ? (last.quickReplies ?? []) : [];
  const held = conversation?.status === 'handoff';
  const readUpTo = state.readUpTo;

  const submit = async (event: Event) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setDraft('');
    await send(text);
  };
  const canRate = ticket && (ticket.status === 'resolved' || ticket.status === 'closed') && !ticket.csat && !rated;

  return (
    <section class="chat narrow" aria-labelledby="screen-title">
      <p>
        <Link href="/help">All conversations</Link>
      </p>
      <ScreenHeading>{conversation?.subject || 'Conversation with support'}</ScreenHeading>
      <p class="hint">
        {held
          ? 'A person from support has this conversation; the assistant stays quiet until it is resolved.'
          : 'The fleetops assistant answers from your fleet’s data; ask for a person at any time.'}
        {online ? '' : ' You are offline: messages you send wait and go, in order, when you are back.'}
      </p>
      {state.status === 'loading' ? <p class="hint">Loading messages…</p> : null}
      {state.status === 'error' ? <p class="error">Could not load the messages: {state.error}</p> : null}
      <ol class="plain-list messages" aria-label="Messages">
        {thread.map((m) => (
          <MessageItem
            key={m.messageId ?? m.clientMessageId}
            message={m}
            me={me}
            read={Boolean(readUpTo && m.messageId && m.messageId <= readUpTo)}
          />
        ))}
      </ol>
      {/* Its own polite region, so "Fleetops Assistant is typing…" is read without moving focus. */}
      <p class="typing" role="status">
        {state.typing ?? ''}
      </p>
      <p class="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {quickReplies.length > 0 ? (
        <fieldset class="quick-replies">
          <legend>Suggested answers</legend>
          {quickReplies.map((reply) => (
            <button key={reply} type="button" class="secondary" onClick={() => void send(reply)}>
              {reply}
            </button>
          ))}
        </fieldset>
      ) : null}
      {canRate && ticket ? <CsatPrompt ticketId={ticket.ticketId} onRated={setRated} /> : null}
      {rated ? <p role="status">Thank you for rating us {rated} out of 5.</p> : null}
      <form class="composer" onSubmit={submit}>
        <label for="message">Your message</label>
        <div class="composer-row">
          <input
            id="message"
            type="text"
            value={draft}
            maxLength={2000}
            autoComplete="off"
            enterKeyHint="send"
            onInput={(e) => {
              setDraft((e.currentTarget as HTMLInputElement).value);
              typing();
            }}
          />
          <button type="submit">Send</button>
        </div>
      </form>
      {held ? null : (
        <button type="button" class="secondary" onClick={() => void send(TALK_TO_A_PERSON)}>
          Talk to a person
        </button>
      )}
    </section>
  );
}
