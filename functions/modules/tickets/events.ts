import { pageCursor, pageLimit } from '../../platform/http/page-query.js';
import * as z from '../../platform/zod.js';
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
  tenantId: z.string().check(z.minLength(1)),
  ticketId: z.string().check(z.minLength(1)),
  metric: z.enum(['firstResponse', 'resolution']),
  priority: z.enum(TICKET_PRIORITIES as [string, ...string[]]),
  dueAt: z.string().check(z.minLength(1)),
  breachedAt: z.string().check(z.minLength(1)),
  assigneeId: z.optional(z.string()),
});
export type SlaBreached = z.infer<typeof slaBreachedSchema>;

const ticketId = z.string({ error: 'ticketId is required' }).check(
  z.regex(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/, {
    error: 'a ticketId is a 26-character ULID',
  }),
);

/** `{ticketId}` of the ticket routes. */
export const ticketPath = z.object({ ticketId });

/** `GET /v1/tickets` */
export const ticketListQuery = z.object({
  status: z.optional(z.enum(TICKET_STATUSES as [string, ...string[]])),
  priority: z.optional(z.enum(TICKET_PRIORITIES as [string, ...string[]])),
  assigneeId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  limit: pageLimit(25, 100),
  cursor: pageCursor(),
});

/** `PATCH /v1/tickets/{ticketId}`: any of the three; `assigneeId: null` unassigns. */
export const ticketPatchBody = z
  .strictObject({
    status: z.optional(z.enum(TICKET_STATUSES as [string, ...string[]])),
    priority: z.optional(z.enum(TICKET_PRIORITIES as [string, ...string[]])),
    assigneeId: z.optional(z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(128)))),
  })
  .check(
    z.refine((b) => b.status !== undefined || b.priority !== undefined || b.assigneeId !== undefined, {
      error: 'give status, priority or assigneeId',
    }),
  );

/** `POST /v1/tickets/{ticketId}/replies` */
export const replyBody = z.strictObject({
  text: z
    .string({ error: 'text is required' })
    .check(
      z.trim(),
      z.minLength(1, { error: 'text must not be empty' }),
      z.maxLength(5000, { error: 'text is at most 5000 characters' }),
    ),
  internal: z.optional(z.boolean()),
});

/** `POST /v1/tickets/{ticketId}/csat` */
export const csatBody = z.strictObject({
  score: z.number({ error: 'score is 1 to 5' }).check(z.int({ error: 'score is 1 to 5' }), z.gte(1), z.lte(5)),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(2000, { error: 'comment is at most 2000 characters' }))),
});
