import * as z from '../../../../platform/zod.js';
import { type Interpretation, reasonOf } from '../vendor-reading.js';

/**
 * A Zendesk event webhook (`type: "zen:event-type:ticket.…"`, `id`, `time`, `subject:
 * "zen:ticket:<id>"`, `detail` = the ticket, `event` = what changed, `{current, previous}` for a
 * field change). Events of other domains (users, organisations) are kept as `ignored`.
 */
const ticketEvent = z.object({
  id: z.string().check(z.minLength(1)),
  type: z.string().check(z.startsWith('zen:event-type:ticket.')),
  time: z.iso.datetime({ offset: true }),
  subject: z.string().check(z.regex(/^zen:ticket:\d+$/)),
  detail: z.looseObject({
    id: z.pipe(z.union([z.string().check(z.minLength(1)), z.number().check(z.int())]), z.transform(String)),
    subject: z.optional(z.string()),
    status: z.optional(z.string()),
    priority: z.nullish(z.string()),
  }),
  event: z.optional(z.record(z.string(), z.unknown())),
});

/** A Zendesk delivery → the ticket change it reports. */
export function interpretZendesk(body: unknown): Interpretation {
  const type = z.object({ type: z.string().check(z.minLength(1)) }).safeParse(body);
  if (!type.success) return { kind: 'rejected', reason: `Zendesk event: ${reasonOf(type.error.issues)}` };
  if (!type.data.type.startsWith('zen:event-type:ticket.')) {
    return { kind: 'ignored', reason: `Zendesk ${type.data.type} is not a ticket event` };
  }
  const parsed = ticketEvent.safeParse(body);
  if (!parsed.success) return { kind: 'rejected', reason: `Zendesk ticket event: ${reasonOf(parsed.error.issues)}` };
  const { detail, event } = parsed.data;
  const change = event && 'current' in event ? { previous: event.previous ?? null, current: event.current } : undefined;
  return {
    kind: 'ticket',
    ticket: {
      eventId: parsed.data.id,
      eventType: parsed.data.type,
      externalTicketId: detail.id,
      ...(detail.subject ? { subject: detail.subject } : {}),
      ...(detail.status ? { status: detail.status } : {}),
      ...(detail.priority ? { priority: detail.priority } : {}),
      ...(change ? { change } : {}),
      occurredAt: new Date(parsed.data.time).toISOString(),
    },
  };
}
