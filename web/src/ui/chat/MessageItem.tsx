import { formatTime } from '../format-time.js';
import { authorLabel, type ThreadMessage } from './chat-thread.js';

/** One message: who wrote it and when, its text, and for the user's own whether it waits or was read. */
export function MessageItem({ message, me, read }: { message: ThreadMessage; me: string; read: boolean }) {
  const own = message.author.type === 'user' && message.author.id === me;
  return (
    <li class={`message message-${own ? 'own' : message.author.type}`}>
      <p class="message-meta">
        <strong>{authorLabel(message, me)}</strong>
        {' · '}
        <time dateTime={message.sentAt}>{formatTime(message.sentAt)}</time>
      </p>
      <p class="message-text">{message.text}</p>
      {message.queued ? <p class="message-state">Waiting to send: it goes when you are back online.</p> : null}
      {own && read && !message.queued ? <p class="message-state">Read</p> : null}
    </li>
  );
}
