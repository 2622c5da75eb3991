import type { Identity } from '../../../platform/auth/identity.js';
import { isAgent } from '../domain/access.js';
import { type SlaStatus, slaStatus } from '../domain/sla.js';
import type { Ticket } from '../domain/ticket.js';

/** A ticket as the API and the frames show it. */
export interface TicketView extends Omit<Ticket, 'sla' | 'text' | 'history'> {
  /** Agents only: where each SLA clock stands now. */
  readonly sla?: {
    readonly priority: string;
    readonly timeZone: string;
    readonly firstResponse: SlaStatus;
    readonly resolution: SlaStatus;
  };
  readonly history?: Ticket['history'];
}

/**
 * The ticket for this viewer at `now`: agents see its SLA clocks and history; its customer sees
 * where it stands, who has it and their rating, not the team's targets.
 */
export function ticketView(ticket: Ticket, viewer: Pick<Identity, 'roles'>, now: Date): TicketView {
  const { sla, text: _text, history, ...rest } = ticket;
  if (!isAgent(viewer)) return rest;
  return {
    ...rest,
    history,
    sla: {
      priority: sla.priority,
      timeZone: sla.businessHours.timeZone,
      firstResponse: slaStatus(sla, 'firstResponse', now),
      resolution: slaStatus(sla, 'resolution', now),
    },
  };
}
