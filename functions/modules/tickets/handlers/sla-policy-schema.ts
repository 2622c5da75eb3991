import { isTimeZone } from '../../../platform/time/zoned-time.js';
import * as z from '../../../platform/zod.js';
import { TICKET_PRIORITIES } from '../domain/sla.js';

const time = z
  .string()
  .check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'a time is HH:MM, 00:00 to 24:00' }));
const interval = z
  .tuple([time, time])
  .check(z.refine(([from, to]) => from < to, { error: 'an opening interval ends after it starts' }));
const minutes = z.number().check(z.int(), z.gte(1), z.lte(60 * 24 * 60));
const targets = z.strictObject({ firstResponseMinutes: minutes, resolutionMinutes: minutes });

/** `PUT /v1/sla-policy`: targets per priority and the business hours they count in. */
export const slaPolicyBody = z.strictObject({
  businessHours: z.strictObject({
    timeZone: z
      .string()
      .check(z.refine(isTimeZone, { error: 'timeZone must be an IANA time zone, e.g. Europe/Berlin' })),
    /** Seven days, Sunday first; absent: around the clock. */
    weekly: z.optional(
      z.array(z.array(interval).check(z.maxLength(4))).check(
        z.length(7, { error: 'weekly lists the 7 days, Sunday first' }),
        z.refine((days) => days.some((d) => d.length > 0), { error: 'the office must be open on some day' }),
      ),
    ),
  }),
  targets: z.strictObject(
    Object.fromEntries(TICKET_PRIORITIES.map((p) => [p, targets])) as Record<
      (typeof TICKET_PRIORITIES)[number],
      typeof targets
    >,
  ),
});
