import type { TranscriptEntry } from '../../api/tickets-client.js';
import { formatTime } from '../format-time.js';

/** Who wrote an entry, for the agent: the customer, the assistant, an agent (you). */
function authorOf(entry: TranscriptEntry, me: string): string {
  if (entry.author.type === 'user') return `Customer ${entry.author.id}`;
  if (entry.author.type === 'bot') return entry.author.name ?? 'Fleetops Assistant';
  return entry.author.id === me ? 'You' : `Agent ${entry.author.id}`;
}

/**
 * One entry of the ticket's transcript. An internal note says so in words first ("Internal note,
 * not visible to the customer"), then repeats it with a dashed, striped frame.
 */
export function TranscriptEntryItem({ entry, me }: { entry: TranscriptEntry; me: string }) {
  const note = entry.kind === 'note';
  return (
    <li class={`entry entry-${note ? 'note' : entry.author.type}`}>
      <p class="message-meta">
        {note ? <strong>Internal note, not visible to the customer · </strong> : null}
        <strong>{authorOf(entry, me)}</strong>
        {' · '}
        <time dateTime={entry.sentAt}>{formatTime(entry.sentAt)}</time>
      </p>
      <p class="entry-text">{entry.text}</p>
    </li>
  );
}
