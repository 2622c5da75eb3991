import type { Identity } from '../../../platform/auth/identity.js';
import { pauseSla, reprioritiseSla, resolveSla, resumeSla, type SlaPolicy, type TicketSla } from '../domain/sla.js';
import {
  canMove,
  releasesConversation,
  type Ticket,
  type TicketActivity,
  type TicketPriority,
  type TicketStatus,
} from '../domain/ticket.js';
import { InvalidTicketTransition } from '../errors.js';
import { TICKET_FRAMES } from '../events.js';
import { pushTicket } from './push-ticket.js';
import { visibleTicket } from './read-tickets.js';
import type { TicketPorts } from './ticket-ports.js';
import { type TicketView, ticketView } from './ticket-view.js';

/** Writes of one ticket racing each other: how often a change re-reads and applies again. */
const MAX_ATTEMPTS = 5;

/** `PATCH /v1/tickets/{ticketId}`: any of the three; `assigneeId: null` unassigns. */
export interface TicketChange {
  readonly status?: TicketStatus;
  readonly priority?: TicketPriority;
  readonly assigneeId?: string | null;
}

/** The SLA clocks after a status change: pending pauses, open runs, resolution stops them. */
function slaAfter(sla: TicketSla, from: TicketStatus, to: TicketStatus, now: Date): TicketSla {
  if (from === to) return sla;
  if (to === 'pending') return pauseSla(sla, now);
  if (to === 'open') return resumeSla(sla, now);
  return from === 'resolved' || from === 'closed' ? sla : resolveSla(sla, now);
}

/** The ticket after a change, and what changed (empty when it changes nothing). */
export function applyChange(
  ticket: Ticket,
  change: TicketChange,
  policy: SlaPolicy | undefined,
  by: string,
  now: Date,
): { ticket: Ticket; activity: TicketActivity[] } {
  const at = now.toISOString();
  const activity: TicketActivity[] = [];
  let next: Ticket = ticket;
  if (change.status !== undefined && change.status !== ticket.status) {
    if (!canMove(ticket.status, change.status)) throw new InvalidTicketTransition(ticket.status, change.status);
    const { resolvedAt: _resolvedAt, ...rest } = next;
    next = {
      ...(change.status === 'open' ? rest : next),
      status: change.status,
      sla: slaAfter(next.sla, ticket.status, change.status, now),
      ...(change.status === 'resolved' ? { resolvedAt: at } : {}),
    };
    activity.push({ at, by, action: 'status', from: ticket.status, to: change.status });
  }
  if (change.priority !== undefined && change.priority !== ticket.priority) {
    if (ticket.status === 'closed') throw new InvalidTicketTransition('closed', 'reprioritised');
    if (!policy) throw new Error('A change of priority needs the SLA policy');
    next = { ...next, priority: change.priority, sla: reprioritiseSla(next.sla, policy, change.priority, now) };
    activity.push({ at, by, action: 'priority', from: ticket.priority, to: change.priority });
  }
  if (change.assigneeId !== undefined && change.assigneeId !== (ticket.assigneeId ?? null)) {
    if (ticket.status === 'closed') throw new InvalidTicketTransition('closed', 'assigned');
    const { assigneeId: _a, ...rest } = next;
    next = change.assigneeId === null ? rest : { ...next, assigneeId: change.assigneeId };
    activity.push({
      at,
      by,
      action: 'assign',
      ...(ticket.assigneeId ? { from: ticket.assigneeId } : {}),
      ...(change.assigneeId ? { to: change.assigneeId } : {}),
    });
  }
  if (activity.length === 0) return { ticket, activity };
  return { ticket: { ...next, updatedAt: at, history: [...ticket.history, ...activity] }, activity };
}

/**
 * Changes a ticket's status, priority or assignee (claiming is assigning oneself). The write is
 * conditional on the revision read (a concurrent change makes this one re-read and apply again);
 * then the conversation follows the status — resolved or closed gives it back to the bot, open or
 * pending keeps it with the ticket — on every call, so a retry after a failure heals it; then the
 * `ticket.updated` frames. Its events are published from the tickets table's stream.
 */
export async function changeTicket(
  ports: TicketPorts,
  caller: Identity,
  ticketId: string,
  change: TicketChange,
): Promise<TicketView> {
  for (let attempt = 1; ; attempt++) {
    const { ticket, rev } = await visibleTicket(ports, caller, ticketId);
    const now = ports.clock.now();
    const policy = change.priority !== undefined ? await ports.policies.policy(caller.tenantId) : undefined;
    const { ticket: next, activity } = applyChange(ticket, change, policy, caller.userId, now);
    if (activity.length > 0 && !(await ports.tickets.update(next, rev))) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`Ticket ${ticketId} kept changing`);
      continue;
    }
    await ports.chat.hold(next.tenantId, next.conversationId, next.ticketId, !releasesConversation(next.status));
    // The events (`ticket.updated`, `ticket.resolved`) come from the table's stream: a stored change is never lost.
    if (activity.length > 0) await pushTicket(ports, next, TICKET_FRAMES.updated);
    return ticketView(next, caller, now);
  }
}
