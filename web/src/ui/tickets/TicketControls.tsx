import { useState } from 'preact/hooks';
import {
  changeTicket,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type Ticket,
  type TicketPriority,
  type TicketStatus,
} from '../../api/tickets-client.js';

/** The agent's unsaved choices; a field left undefined shows the ticket's own value. */
interface Draft {
  readonly status?: TicketStatus;
  readonly priority?: TicketPriority;
}

/**
 * Claim, and the status and priority of the ticket; a refused change says why. The selects hold the
 * agent's choice until it is saved: the ticket re-renders on every live `ticket.updated` (a reply
 * meeting the first-response target, say), and a select bound to the ticket's value was reset by it,
 * so "Save changes" sent nothing (found by tests/web/support-screens.test.ts under CI load).
 */
export function TicketControls({ ticket, me, onChanged }: { ticket: Ticket; me: string; onChanged: () => void }) {
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState<Draft>({});
  const status = draft.status ?? ticket.status;
  const priority = draft.priority ?? ticket.priority;
  const run = async (change: Parameters<typeof changeTicket>[1]) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await changeTicket(ticket.ticketId, change);
      setDraft({});
      onChanged();
    } catch (error) {
      setProblem(`Not changed: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  const save = (event: Event) => {
    event.preventDefault();
    void run({
      ...(status !== ticket.status ? { status } : {}),
      ...(priority !== ticket.priority ? { priority } : {}),
    });
  };
  const closed = ticket.status === 'closed';
  return (
    <form class="panel filters" onSubmit={save} aria-label="Ticket status and priority">
      <p>
        {ticket.assigneeId
          ? ticket.assigneeId === me
            ? 'Assigned to you.'
            : `Assigned to ${ticket.assigneeId}.`
          : 'Unassigned.'}
      </p>
      {ticket.assigneeId !== me && !closed ? (
        <button type="button" disabled={busy} onClick={() => void run({ assigneeId: me })}>
          Claim
        </button>
      ) : null}
      <div>
        <label for="status">Status</label>
        <select
          id="status"
          name="status"
          value={status}
          disabled={closed}
          onChange={(event) => setDraft((d) => ({ ...d, status: event.currentTarget.value as TicketStatus }))}
        >
          {TICKET_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="priority">Priority</label>
        <select
          id="priority"
          name="priority"
          value={priority}
          disabled={closed}
          onChange={(event) => setDraft((d) => ({ ...d, priority: event.currentTarget.value as TicketPriority }))}
        >
          {TICKET_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={busy || closed}>
        Save changes
      </button>
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
