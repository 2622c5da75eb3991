import { useEffect, useState } from 'preact/hooks';
import {
  listTickets,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type Ticket,
  type TicketFilters,
} from '../../api/tickets-client.js';
import { liveSocket } from '../../state/app-controller.js';
import { appStore } from '../../state/app-state.js';
import { useStore } from '../../state/store.js';
import '../chat/chat.css';
import { Link } from '../Link.js';
import { ScreenHeading } from '../ScreenHeading.js';
import { slaText } from './sla-text.js';

/** `/tickets`: the tenant's ticket queue, filtered by status, priority, assignee and words; live. */
export function TicketQueueScreen() {
  const me = useStore(appStore, (s) => s.session?.user.userId ?? '');
  const [filters, setFilters] = useState<TicketFilters>({ status: 'open' });
  const [queue, setQueue] = useState<{
    items: Ticket[];
    status: 'loading' | 'ok' | 'error';
    error?: string;
    at: number;
  }>({ items: [], status: 'loading', at: Date.now() });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    listTickets(filters).then(
      (page) => current && setQueue({ items: page.items, status: 'ok', at: Date.now() }),
      (error: unknown) =>
        current && setQueue({ items: [], status: 'error', error: (error as Error).message, at: Date.now() }),
    );
    return () => {
      current = false;
    };
  }, [filters, round]);
  useEffect(
    () =>
      liveSocket()?.listen((frame) => {
        if (frame.type === 'ticket.created' || frame.type === 'ticket.updated') setRound((r) => r + 1);
      }),
    [],
  );

  const apply = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    const assignee = value('assignee');
    setFilters({
      ...(value('status') ? { status: value('status') as Ticket['status'] } : {}),
      ...(value('priority') ? { priority: value('priority') as Ticket['priority'] } : {}),
      ...(assignee === 'me' ? { assigneeId: me } : {}),
      ...(value('q') ? { q: value('q') as string } : {}),
    });
  };

  return (
    <section class="tickets" aria-labelledby="screen-title">
      <ScreenHeading>Tickets</ScreenHeading>
      <form class="filters panel" onSubmit={apply} aria-label="Filter tickets">
        <div>
          <label for="ticket-status">Status</label>
          <select id="ticket-status" name="status" value={filters.status ?? ''}>
            <option value="">Any status</option>
            {TICKET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="ticket-priority">Priority</label>
          <select id="ticket-priority" name="priority" value={filters.priority ?? ''}>
            <option value="">Any priority</option>
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="ticket-assignee">Assignee</label>
          <select id="ticket-assignee" name="assignee" value={filters.assigneeId ? 'me' : ''}>
            <option value="">Anyone</option>
            <option value="me">Assigned to me</option>
          </select>
        </div>
        <div>
          <label for="ticket-q">Words</label>
          <input id="ticket-q" name="q" type="search" defaultValue={filters.q ?? ''} />
        </div>
        <button type="submit">Show tickets</button>
      </form>
      <h2 id="queue-title">Queue</h2>
      {queue.status === 'loading' ? <p class="hint">Loading tickets…</p> : null}
      {queue.status === 'error' ? <p class="error">Could not load the tickets: {queue.error}</p> : null}
      {queue.status === 'ok' && queue.items.length === 0 ? <p class="hint">No tickets match.</p> : null}
      <ul class="plain-list" aria-labelledby="queue-title">
        {queue.items.map((t) => (
          <li key={t.ticketId} class="ticket-item">
            <Link href={`/tickets/${encodeURIComponent(t.ticketId)}`}>{t.subject || `Ticket ${t.ticketId}`}</Link>
            <p class="hint">
              {t.status} · {t.priority} priority · customer {t.customerId} ·{' '}
              {t.assigneeId ? (t.assigneeId === me ? 'assigned to you' : `assigned to ${t.assigneeId}`) : 'unassigned'}
            </p>
            {t.sla ? (
              <p class="hint">
                First response {slaText(t.sla.firstResponse, queue.at, queue.at)}; resolution{' '}
                {slaText(t.sla.resolution, queue.at, queue.at)}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
