import * as z from 'zod';
import { TICKET_PRIORITIES } from './domain/sla.js';
import { TICKET_STATUSES } from './domain/ticket.js';

/**
 * The tickets context's events. `ticket.created` is published by chat with the hand-off that
 * creates the ticket (docs/adr/0100, 0101); these follow the ticket's life.
 */
export const TICKET_EVENTS = {
  source: 'fleetops.tickets',
  updated: 'ticket.updated',
  resolved: 'ticket.resolved',
  slaBreached: 'ticket.sla_breached',
  csatSubmitted: 'ticket.csat_submitted',
} as const;

/** Frames tickets push: to the tenant's agents, and `chat.message` of agent replies to the customer too. */
export const TICKET_FRAMES = {
  created: 'ticket.created',
  updated: 'ticket.updated',
  note: 'ticket.note',
  message: 'chat.message',
} as const;

/** The detail of `ticket.sla_breached`. */
export const slaBreachedSchema = z.object({
  tenantId: z.string().min(1),
  ticketId: z.string().min(1),
  metric: z.enum(['firstResponse', 'resolution']),
  priority: z.enum(TICKET_PRIORITIES as [string, ...string[]]),
  dueAt: z.string().min(1),
  breachedAt: z.string().min(1),
  assigneeId: z.string().optional(),
});
export type SlaBreached = z.infer<typeof slaBreachedSchema>;

const ticketId = z.string({ error: 'ticketId is required' }).regex(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/, {
  error: 'a ticketId is a 26-character ULID',
});

/** `{ticketId}` of the ticket routes. */
export const ticketPath = z.object({ ticketId });

/** `GET /v1/tickets` */
export const ticketListQuery = z.object({
  status: z.enum(TICKET_STATUSES as [string, ...string[]]).optional(),
  priority: z.enum(TICKET_PRIORITIES as [string, ...string[]]).optional(),
  assigneeId: z.string().min(1).max(128).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int({ error: 'limit must be a whole number' })
    .min(1, { error: 'limit must be at least 1' })
    .max(100, { error: 'limit must be at most 100' })
    .default(25),
  cursor: z.string().min(1).max(512).optional(),
});

/** `PATCH /v1/tickets/{ticketId}`: any of the three; `assigneeId: null` unassigns. */
export const ticketPatchBody = z
  .strictObject({
    status: z.enum(TICKET_STATUSES as [string, ...string[]]).optional(),
    priority: z.enum(TICKET_PRIORITIES as [string, ...string[]]).optional(),
    assigneeId: z.string().trim().min(1).max(128).nullable().optional(),
  })
  .refine((b) => b.status !== undefined || b.priority !== undefined || b.assigneeId !== undefined, {
    error: 'give status, priority or assigneeId',
  });

/** `POST /v1/tickets/{ticketId}/replies` */
export const replyBody = z.strictObject({
  text: z
    .string({ error: 'text is required' })
    .trim()
    .min(1, { error: 'text must not be empty' })
    .max(5000, { error: 'text is at most 5000 characters' }),
  internal: z.boolean().optional(),
});

/** `POST /v1/tickets/{ticketId}/csat` */
export const csatBody = z.strictObject({
  score: z.number({ error: 'score is 1 to 5' }).int({ error: 'score is 1 to 5' }).min(1).max(5),
  comment: z.string().trim().max(2000, { error: 'comment is at most 2000 characters' }).optional(),
});
