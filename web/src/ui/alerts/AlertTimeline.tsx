import type { AlertHistoryEntry } from '../../api/types.js';
import { formatTime } from '../format-time.js';

/** History actions as people read them. */
const ACTIONS: Readonly<Record<string, string>> = {
  raised: 'Raised',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  'auto-resolved': 'Resolved automatically (condition cleared)',
  assigned: 'Assigned',
  noted: 'Note',
  correlated: 'Related finding attached',
  escalated: 'Escalated (not acknowledged in time)',
};

/** The alert's `history`, oldest first: what happened, who did it, when (the user's zone), and any note. */
export function AlertTimeline({ history }: { history: readonly AlertHistoryEntry[] }) {
  if (history.length === 0) return <p class="hint">No changes recorded yet.</p>;
  return (
    <ol class="timeline" aria-label="Alert history, oldest first">
      {history.map((entry, i) => (
        <li key={`${entry.at}-${i}`}>
          <p>
            <strong>{ACTIONS[entry.action] ?? entry.action}</strong> — {entry.by === 'system' ? 'fleetops' : entry.by},{' '}
            <time dateTime={entry.at}>{formatTime(entry.at)}</time>
          </p>
          {entry.note ? <p class="timeline-note">{entry.note}</p> : null}
        </li>
      ))}
    </ol>
  );
}
