import { SLA_METRICS, type SlaMetric } from './sla.js';
import type { Csat, Ticket, TicketActivity } from './ticket.js';

/** An event a ticket's change owes, before it has a source. */
export type OwedTicketEvent =
  | { readonly kind: 'updated'; readonly ticket: Ticket; readonly changes: readonly TicketActivity[] }
  | { readonly kind: 'resolved'; readonly ticket: Ticket }
  | { readonly kind: 'slaBreached'; readonly ticket: Ticket; readonly metric: SlaMetric }
  | { readonly kind: 'csatSubmitted'; readonly ticket: Ticket; readonly csat: Csat };

/**
 * What one stored change of a ticket owes the bus, read from the item before and after it (the
 * table's stream): its new history entries as `updated`, `resolved` when it became resolved, one
 * `slaBreached` per newly recorded breach, `csatSubmitted` when it was rated. A new ticket owes
 * nothing here (chat published `ticket.created` with the hand-off).
 */
export function owedEvents(before: Ticket | undefined, after: Ticket): OwedTicketEvent[] {
  if (!before) return [];
  const events: OwedTicketEvent[] = [];
  const changes = after.history.slice(before.history.length);
  if (changes.length > 0) events.push({ kind: 'updated', ticket: after, changes });
  if (after.status === 'resolved' && before.status !== 'resolved') events.push({ kind: 'resolved', ticket: after });
  for (const metric of SLA_METRICS) {
    if (after.sla[metric].breachedAt && !before.sla[metric].breachedAt) {
      events.push({ kind: 'slaBreached', ticket: after, metric });
    }
  }
  if (after.csat && !before.csat) events.push({ kind: 'csatSubmitted', ticket: after, csat: after.csat });
  return events;
}
