import { dueBreaches, recordBreaches } from '../domain/sla.js';
import type { Ticket } from '../domain/ticket.js';
import { TICKET_FRAMES } from '../events.js';
import { pushTicket } from './push-ticket.js';
import type { TicketPorts } from './ticket-ports.js';

/** Tickets one sweep handles; the next sweep takes the rest. */
export const SWEEP_BATCH = 100;
const MAX_ATTEMPTS = 5;

/** A breach the sweep recorded. */
export interface RecordedBreach {
  readonly tenantId: string;
  readonly ticketId: string;
  readonly metric: 'firstResponse' | 'resolution';
}

/**
 * Records the SLA breaches that are due (the schedule's sweep, every minute): each ticket whose
 * next due time has passed gets `breachedAt` on the metric, written conditionally on its revision
 * (a change racing it makes the sweep re-read), and a `ticket.updated` frame to the agents; the
 * table's stream publishes `ticket.sla_breached` from that write, so a breach, once recorded, is
 * published at least once. Paused, met and resolved clocks are not in the due index: they never
 * breach, and nothing counts after resolution.
 */
export async function sweepSla(
  ports: Pick<TicketPorts, 'tickets' | 'delivery' | 'clock'>,
): Promise<{ breached: RecordedBreach[] }> {
  const now = ports.clock.now();
  const due = await ports.tickets.due(now.toISOString(), SWEEP_BATCH);
  const breached: RecordedBreach[] = [];
  for (const { tenantId, ticketId } of due) {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const found = await ports.tickets.get(tenantId, ticketId);
      if (!found) break;
      const metrics = dueBreaches(found.ticket.sla, now);
      if (metrics.length === 0) break;
      const next: Ticket = { ...found.ticket, sla: recordBreaches(found.ticket.sla, metrics, now) };
      if (await ports.tickets.update(next, found.rev)) {
        breached.push(...metrics.map((metric) => ({ tenantId, ticketId, metric })));
        await pushTicket(ports, next, TICKET_FRAMES.updated, { agentsOnly: true });
        break;
      }
    }
  }
  return { breached };
}
