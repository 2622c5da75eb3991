import { useState } from 'preact/hooks';
import {
  changeTicket,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type Ticket,
  type TicketPriority,
  type TicketStatus,
} from '../../api/tickets-client.js';

/** Claim, and the status and priority of the ticket; a refused change says why. */
export function TicketControls({ ticket, me, onChanged }: { ticket: Ticket; me: string; onChanged: () => void }) {
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async (change: Parameters<typeof changeTicket>[1]) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await changeTicket(ticket.ticketId, change);
      onChanged();
    } catch (error) {
      setProblem(`Not changed: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  const save = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const status = String(data.get('status')) as TicketStatus;
    const priority = String(data.get('priority')) as TicketPriority;
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
        <select id="status" name="status" value={ticket.status} disabled={closed}>
          {TICKET_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="priority">Priority</label>
        <select id="priority" name="priority" value={ticket.priority} disabled={closed}>
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
